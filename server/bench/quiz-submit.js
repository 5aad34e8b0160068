'use strict';
// Quiz submit beside its floor (floor.js POST /api/quiz/attempts/:id/submit, the same statements in one
// transaction). Each request hands in a fresh open attempt of its own person (the per-user submit limit
// is never reached), prepared in the database beforehand.
//
// Exports:
// - prepareSubmits(conn, { perSide, questions = 10, log }) → { app: Attempt[], floor: Attempt[] }: two
//   published exam campaigns (one per side, same rules) over the first BENCH_QUIZ_SUBMIT_NODES (300)
//   class and grid nodes, people spread over them round-robin, a
//   paper of the first `questions` active built-in questions, and per side `perSide` people each with
//   one open attempt (started 5 minutes ago, no time limit). Attempt = { id, userId, body } where body
//   is the submit JSON: answers in display order, right or wrong by a fixed pattern (about 2/3 right).
// - submitSpec(attempts, sign) → an autocannon spec ({ size, request() }) submitting them in order,
//   each with its person's token (after the last one it cycles: repeats take the idempotent path).
// - submitBench({ db, app, floor, sign, measure, request, minRatio, log }) → a results row like
//   login/members (app, floor, ratio, valid, target, targetMet): prepares, checks that both answer the
//   same result for one attempt, then measures floor, app, floor (the better floor run counts).
//   BENCH_QUIZ_SUBMITS sets perSide (default 40,000: more than a 12-second run submits);
//   BENCH_QUIZ_SUBMIT_MAX_P99_MS, when set, bounds the app's p99 (reported otherwise).

const { connect } = require('./db');

const utc = (d) => d.toISOString().slice(0, 19).replace('T', ' ');
const SPREAD_NODES = Number(process.env.BENCH_QUIZ_SUBMIT_NODES || 300);

async function insertMany(conn, table, cols, rows, chunk = 500) {
  const ids = [];
  for (let i = 0; i < rows.length; i += chunk) {
    const part = rows.slice(i, i + chunk);
    const r = await conn.run(`INSERT INTO ${table} (${cols.join(', ')}) VALUES ${part.map(() => `(${cols.map(() => '?').join(', ')})`).join(', ')}`, part.flat());
    // both drivers report the first id of a multi-row insert (MySQL) or the last (SQLite)
    const first = conn.kind === 'sqlite' ? r.insertId - part.length + 1 : r.insertId;
    for (let k = 0; k < part.length; k++) ids.push(first + k);
  }
  return ids;
}

async function prepareSubmits(conn, { perSide, questions = 10, log = () => undefined }) {
  // People spread over many classes and grids, as when a county's schools and villages take a quiz in
  // the same hours: submits of one node share its aggregate rows (and their row locks), so putting
  // everyone in one class would measure lock waits on a handful of rows rather than the submit path
  // (one class alone runs about 200 submits/s on MariaDB here, app and floor alike).
  const nodes = await conn.all(`SELECT id, path FROM org_node WHERE kind IN ('class', 'grid') ORDER BY id LIMIT ${SPREAD_NODES}`);
  if (!nodes.length) throw new Error('no class or grid node: is the demo tree seeded?');
  const node = nodes[0];
  const nodeOf = (i) => nodes[i % nodes.length];
  const qs = await conn.all(
    `SELECT q.id AS id, q.currentVersionId AS v, qv.options AS options, qv.answer AS answer FROM question q JOIN question_version qv ON qv.id = q.currentVersionId
      WHERE q.townId = 0 AND q.status = 'active' ORDER BY q.id LIMIT ${Number(questions)}`,
  );
  if (qs.length < questions) throw new Error(`only ${qs.length} built-in questions: is the bank synced?`);
  const paper = qs.map((q) => ({ v: q.v, q: q.id, o: JSON.parse(q.options).map((_, i) => i) }));
  const now = new Date();
  const at = utc(now);
  const startedAt = utc(new Date(now.getTime() - 5 * 60_000));
  const out = {};
  for (const side of ['app', 'floor']) {
    const draw = JSON.stringify({ mode: 'fixed', questionIds: qs.map((q) => q.id) });
    const [cid] = await insertMany(
      conn,
      'quiz_campaign',
      ['townId', 'ownerNodeId', 'ownerPath', 'kind', 'title', 'intro', 'audience', 'roles', 'startsAt', 'endsAt', 'draw', 'questionCount', 'shuffleQuestions', 'shuffleOptions', 'timeLimitMinutes', 'attemptsPerDay', 'attemptsTotal', 'passPercent', 'counting', 'status', 'createdBy', 'createdAt', 'updatedAt', 'publishedAt', 'closedAt'],
      [[0, node.id, node.path, 'exam', `压测答题（${side}）`, '', JSON.stringify(nodes.map((n) => ({ nodeId: n.id, path: n.path }))), '["student","resident"]', startedAt, utc(new Date(now.getTime() + 86400_000)), draw, qs.length, 1, 1, null, null, null, 60, 'best', 'published', 0, at, at, at, null]],
    );
    const userIds = await insertMany(
      conn,
      'user_account',
      ['openid', 'unionid', 'displayName', 'nameSet', 'phoneEnc', 'phoneHash', 'sessionKeyEnc', 'createdAt', 'updatedAt', 'lastLoginAt'],
      Array.from({ length: perSide }, (_, i) => [`bench-quiz-${side}-${i}`, null, `答题人${i}`, 1, null, null, null, at, at, at]),
    );
    const paperJson = JSON.stringify(paper);
    const attemptIds = await insertMany(
      conn,
      'quiz_attempt',
      ['campaignId', 'userId', 'nodeId', 'nodePath', 'kind', 'status', 'paper', 'dayKey', 'startedAt', 'deadlineAt', 'submittedAt', 'elapsedSeconds', 'correct', 'total', 'percent', 'passed', 'hiddenCount', 'flagged', 'tally'],
      userIds.map((u, i) => [cid, u, nodeOf(i).id, nodeOf(i).path, 'exam', 'open', paperJson, at.slice(0, 10), startedAt, null, null, null, null, paper.length, null, null, 0, 0, null]),
    );
    out[side] = attemptIds.map((id, i) => ({
      id,
      userId: userIds[i],
      body: JSON.stringify({
        answers: qs.map((q, j) => {
          const answer = JSON.parse(q.answer);
          const right = (i + j) % 3 !== 0;
          return { questionId: q.v, chosen: right ? answer : [paper[j].o.find((b) => !answer.includes(b))] };
        }),
        hiddenCount: i % 2,
      }),
    }));
    log(`quiz submit (${side}): campaign ${cid}, ${perSide} people with an open attempt of ${paper.length} questions`);
  }
  return out;
}

function submitSpec(attempts, sign) {
  const prepared = attempts.map((a) => ({ path: `/api/quiz/attempts/${a.id}/submit`, authorization: `Bearer ${sign(a.userId)}`, body: a.body }));
  let n = 0;
  return {
    size: prepared.length,
    request: () => ({
      method: 'POST',
      path: prepared[0].path,
      headers: { 'content-type': 'application/json' },
      setupRequest: (req) => {
        const p = prepared[n++ % prepared.length];
        return { ...req, path: p.path, headers: { ...req.headers, authorization: p.authorization }, body: p.body };
      },
    }),
  };
}

async function submitBench({ db, app, floor, sign, measure, request, minRatio, log = (m) => console.error(`  ${m}`) }) {
  const perSide = Number(process.env.BENCH_QUIZ_SUBMITS || 40_000);
  const conn = await connect(db.url);
  let prepared;
  try {
    prepared = await prepareSubmits(conn, { perSide, log });
  } finally {
    await conn.close();
  }
  // same answer from both for the first attempt of each side (same person index, same answers)
  const probe = async (port, a) => request(port, 'POST', `/api/quiz/attempts/${a.id}/submit`, { token: sign(a.userId), body: JSON.parse(a.body) });
  const ra = await probe(app.port, prepared.app[0]);
  const rf = await probe(floor.port, prepared.floor[0]);
  const pick = (r) => r.body && r.body.result && { correct: r.body.result.correct, percent: r.body.result.percent, passed: r.body.result.passed, items: r.body.result.items.map((i) => [i.stem, i.correct, i.answer]) };
  const mismatch =
    ra.status !== 200 || rf.status !== 200
      ? `app ${ra.status} ${JSON.stringify(ra.body).slice(0, 200)}, floor ${rf.status} ${JSON.stringify(rf.body).slice(0, 200)}`
      : JSON.stringify(pick(ra)) !== JSON.stringify(pick(rf))
        ? 'app and floor grade differently'
        : null;
  if (mismatch) log(`WARNING: quiz submit answers differ: ${mismatch}`);
  console.error(` POST /api/quiz/attempts/:id/submit (${perSide - 1} open attempts of 10 questions per side, each its own person)`);
  // Whichever side runs first right after the bulk preparation meets a busier database (InnoDB still
  // flushing and purging): the app runs between two floor runs over halves of the floor's attempts, and
  // the floor's better run counts, so the ratio errs against the app.
  const half = Math.floor(prepared.floor.length / 2);
  const floorA = await measure('floor', floor.port, submitSpec(prepared.floor.slice(1, half), sign));
  const appR = await measure('app  ', app.port, submitSpec(prepared.app.slice(1), sign));
  const floorB = await measure('floor', floor.port, submitSpec(prepared.floor.slice(half), sign));
  const floorR = floorB.rps >= floorA.rps ? floorB : floorA;
  // The target is issue 4's: the ratio. The p99 is reported, bounded only when BENCH_QUIZ_SUBMIT_MAX_P99_MS
  // is set: at 50 connections every submit is a transaction with its own commit, and on a 2-core machine
  // running the database too the floor's own p99 is already several hundred ms (on SQLite, one
  // connection, the submits queue up one after another).
  const p99Bound = process.env.BENCH_QUIZ_SUBMIT_MAX_P99_MS ? Number(process.env.BENCH_QUIZ_SUBMIT_MAX_P99_MS) : Infinity;
  const valid = !mismatch && [appR, floorA, floorB].every((r) => r.non2xx === 0 && r.errors === 0 && r.timeouts === 0);
  return {
    database: db.label,
    endpoint: 'quiz submit',
    path: 'POST /api/quiz/attempts/:id/submit',
    app: appR,
    floor: floorR,
    ratio: floorR.rps ? Math.round((appR.rps / floorR.rps) * 100) / 100 : null,
    valid,
    target: { minRatio, maxP99Ms: Number.isFinite(p99Bound) ? p99Bound : null },
    targetMet: valid && floorR.rps > 0 && appR.rps / floorR.rps >= minRatio && appR.p99 <= p99Bound,
    floorDoes:
      'reads the attempt, its campaign and the paper versions; one transaction: lock the person (MySQL), conditional UPDATE of the attempt, one multi-row INSERT of the answers, the participant row, upserts of node/type/question/week aggregates, 错题本 delete and upsert',
    listMismatch: mismatch,
    submitsPerSide: perSide - 1,
  };
}

module.exports = { prepareSubmits, submitSpec, submitBench };
