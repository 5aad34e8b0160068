'use strict';
// Quiz statistics at county scale (issue 4): on the county of county.js, one published campaign per
// town (each town's residents), and `attempts` submitted attempts spread over 90% of the residents,
// written straight to the tables with multi-row SQL: quiz_attempt and quiz_participant rows in bulk
// (so those tables are as large as after real use) and the aggregate rows a submit keeps
// (quiz_node_stat, quiz_type_stat, quiz_question_stat, quiz_week_stat), consistent with the attempts.
// Then the town view of one campaign is timed against the running app and its figures checked.

const { columns, filler } = require('./db');
const { insertRows } = require('./data');

const FRAUD_TYPES = [
  'order_brushing', 'fake_investment', 'fake_loan', 'fake_shopping', 'fake_customer_service', 'impersonate_acquaintance', 'impersonate_officials',
  'renting_cards', 'fake_credit_repair', 'online_dating', 'game_trading', 'other', 'anti_fraud_law', 'after_scam',
];
const QUESTIONS = 150;
const PAPER = 10;
const PASS_CORRECT = 6;
const WEEKS = 8;
const CHUNK = 1000;

async function nextId(conn, table) {
  const [{ m }] = await conn.all(`SELECT MAX(id) AS m FROM ${table}`);
  return Number(m || 0) + 1;
}

// Rows completed with a filler for any other NOT NULL column (a new column does not break the bench).
async function rowMaker(conn, table, now) {
  const cols = await columns(conn, table);
  return (known) => {
    const row = {};
    for (const col of cols) {
      if (col.name in known) row[col.name] = known[col.name];
      else if (col.required) row[col.name] = filler(col.type, now);
    }
    return row;
  };
}

// Deterministic scores: attempt j of participant p answers `correct` of the paper's questions right.
const correctOf = (p, j) => Math.min(PAPER, ((p * 7) % 8) + ((j * 3 + p) % 4));
// The paper of an attempt: PAPER distinct questions of the pool.
const paperOf = (k) => Array.from({ length: PAPER }, (_, i) => (k * 7 + i * 13) % QUESTIONS);

async function addQuizCounty(conn, county, { attempts, log = () => {} }) {
  const t0 = Date.now();
  const sqlite = conn.kind === 'sqlite';
  const nowDate = new Date();
  const ts = (d) => (sqlite ? d.toISOString().replace('T', ' ').replace('Z', '') : d);
  const now = ts(nowDate);
  const weekStart = (w) => {
    // Mondays going back from this week (China time, as chinaWeekStart)
    const local = new Date(nowDate.getTime() + 8 * 3600_000);
    const monday = new Date(local.getTime() - ((local.getUTCDay() + 6) % 7) * 86400_000);
    return new Date(monday.getTime() - (WEEKS - 1 - w) * 7 * 86400_000).toISOString().slice(0, 10);
  };

  // ---- a bank of 150 questions (town 1's own), the type of each from its id
  const qRow = await rowMaker(conn, 'question', now);
  const vRow = await rowMaker(conn, 'question_version', now);
  let qid = await nextId(conn, 'question');
  let vid = await nextId(conn, 'question_version');
  const questions = [];
  const versions = [];
  const bank = [];
  for (let i = 0; i < QUESTIONS; i++) {
    const type = FRAUD_TYPES[i % FRAUD_TYPES.length];
    const q = { id: qid++, versionId: vid++, type };
    bank.push(q);
    questions.push(qRow({ id: q.id, townId: county.towns[0].id, code: `BQ-${String(i + 1).padStart(4, '0')}`, status: 'active', currentVersionId: q.versionId, version: 1, type: 'single', difficulty: 1 + (i % 3), tagKey: `,${type},`, audienceKey: ',', createdBy: null, createdAt: now, updatedAt: now }));
    versions.push(vRow({ id: q.versionId, questionId: q.id, version: 1, type: 'single', stem: `第${i + 1}题：遇到${type}类骗局时，下列做法正确的是？`, options: JSON.stringify(['立即挂断并拨打96110', '按对方要求转账', '把验证码告诉对方', '下载对方发来的软件']), answer: '[0]', explanation: '凡是要求转账、索要验证码的，都是诈骗。', fraudTypes: JSON.stringify([type]), audiences: '[]', difficulty: 1 + (i % 3), source: null, locked: 1, createdBy: null, createdAt: now }));
  }

  // ---- one campaign per town, for its residents
  const cRow = await rowMaker(conn, 'quiz_campaign', now);
  let cid = await nextId(conn, 'quiz_campaign');
  const campaigns = [];
  const campaignOf = new Map();
  for (const town of county.towns) {
    const c = { id: cid++, town };
    campaignOf.set(town.id, c);
    campaigns.push(cRow({
      id: c.id, townId: town.id, ownerNodeId: town.id, ownerPath: town.path, kind: 'exam', title: `${town.name}反诈知识测评`, intro: '', audience: JSON.stringify([{ nodeId: town.id, path: town.path }]),
      roles: JSON.stringify(['resident']), startsAt: ts(new Date(nowDate.getTime() - WEEKS * 7 * 86400_000)), endsAt: ts(new Date(nowDate.getTime() + 7 * 86400_000)),
      draw: JSON.stringify({ mode: 'random', rules: [{ count: PAPER }] }), questionCount: PAPER, shuffleQuestions: 1, shuffleOptions: 1, timeLimitMinutes: 20, attemptsPerDay: null,
      attemptsTotal: null, passPercent: 60, counting: 'best', status: 'published', createdBy: county.dashAdmin.id, createdAt: now, updatedAt: now, publishedAt: now, closedAt: null,
    }));
  }

  // ---- participants: 9 residents in 10 of every grid; attempts dealt round-robin over them
  const townOfGrid = new Map();
  const gridById = new Map();
  for (const town of county.towns) {
    for (const v of town.villages) {
      for (const g of v.grids) {
        townOfGrid.set(g.id, town);
        gridById.set(g.id, g);
      }
    }
  }
  // the county's residents (county.js: 100 a grid), in grid order
  const residents = [];
  const seen = new Map();
  const hi = `${county.county.path.slice(0, -1)}0`;
  for (const m of await conn.all("SELECT userId, nodeId FROM membership WHERE role = 'resident' AND nodePath >= ? AND nodePath < ? ORDER BY nodeId, userId", [county.county.path, hi])) {
    const grid = gridById.get(Number(m.nodeId));
    if (!grid) continue;
    const r = seen.get(grid.id) ?? 0;
    seen.set(grid.id, r + 1);
    residents.push({ id: Number(m.userId), grid, r });
  }
  const people = residents.filter((u) => u.r % 10 !== 9);
  const P = people.length;
  const best = new Int32Array(P).fill(-1); // correct of the counting (best, first on a tie) attempt
  const bestK = new Int32Array(P);
  const tries = new Int32Array(P);
  const node = new Map(); // `${campaignId}:${gridId}` → counters
  const week = new Map();
  const aRow = await rowMaker(conn, 'quiz_attempt', now);
  let aid = await nextId(conn, 'quiz_attempt');
  const firstAttemptId = aid;
  const nodeKey = (p) => {
    const u = people[p];
    const c = campaignOf.get(townOfGrid.get(u.grid.id).id);
    return { c, key: `${c.id}:${u.grid.id}` };
  };
  const bump = (map, key, init, fn) => {
    let v = map.get(key);
    if (!v) map.set(key, (v = init()));
    fn(v);
  };
  const started = nowDate.getTime() - WEEKS * 7 * 86400_000;
  const span = WEEKS * 7 * 86400_000 - 3600_000;
  let batch = [];
  const flush = async () => {
    if (batch.length) await insertRows(conn, 'quiz_attempt', batch, CHUNK);
    batch = [];
  };
  await conn.tx(async () => {
    for (let k = 0; k < attempts; k++) {
      const p = k % P;
      const j = tries[p]++;
      const correct = correctOf(p, j);
      const flagged = k % 997 === 0 && correct === PAPER;
      const at = new Date(started + Math.floor((k / attempts) * span));
      const w = Math.min(WEEKS - 1, Math.floor(((at.getTime() - started) / (WEEKS * 7 * 86400_000)) * WEEKS));
      const { c, key } = nodeKey(p);
      const u = people[p];
      if (correct > best[p]) {
        best[p] = correct;
        bestK[p] = k;
      }
      bump(node, key, () => ({ c, grid: u.grid, participants: 0, passed: 0, correct: 0, answered: 0, attempts: 0, flagged: 0 }), (v) => {
        v.attempts++;
        if (flagged) v.flagged++;
      });
      bump(week, `${key}:${w}`, () => ({ c, grid: u.grid, w, attempts: 0, passed: 0, correct: 0, answered: 0 }), (v) => {
        v.attempts++;
        if (correct >= PASS_CORRECT) v.passed++;
        v.correct += correct;
        v.answered += PAPER;
      });
      const elapsed = 60 + ((k * 31) % 600);
      batch.push(aRow({
        id: aid++, campaignId: c.id, userId: u.id, nodeId: u.grid.id, nodePath: u.grid.path, kind: 'exam', status: 'submitted', paper: '[]', dayKey: at.toISOString().slice(0, 10),
        startedAt: ts(new Date(at.getTime() - elapsed * 1000)), deadlineAt: ts(new Date(at.getTime() + 1200_000)), submittedAt: ts(at), elapsedSeconds: elapsed, correct, total: PAPER,
        percent: correct * 10, passed: correct >= PASS_CORRECT ? 1 : 0, hiddenCount: k % 4, flagged: flagged ? 1 : 0, tally: null,
      }));
      if (batch.length >= 20 * CHUNK) await flush();
    }
    await flush();
  });
  log(`quiz: ${attempts} attempts by ${Math.min(P, attempts)} people in ${campaigns.length} campaigns (${Math.round((Date.now() - t0) / 100) / 10} s)`);

  // ---- the counting attempts' contributions: participants, node, type and question rows
  const pRow = await rowMaker(conn, 'quiz_participant', now);
  let pid = await nextId(conn, 'quiz_participant');
  const participants = [];
  const types = new Map();
  const qstats = new Map();
  for (let p = 0; p < P; p++) {
    if (best[p] < 0) continue;
    const u = people[p];
    const { c, key } = nodeKey(p);
    const correct = best[p];
    const k = bestK[p];
    const v = node.get(key);
    v.participants++;
    if (correct >= PASS_CORRECT) v.passed++;
    v.correct += correct;
    v.answered += PAPER;
    // the first `correct` questions of the paper were answered right
    paperOf(k).forEach((qi, i) => {
      const q = bank[qi];
      const ok = i < correct ? 1 : 0;
      bump(types, `${key}:${q.type}`, () => ({ c, grid: u.grid, type: q.type, correct: 0, answered: 0 }), (t) => {
        t.correct += ok;
        t.answered++;
      });
      bump(qstats, `${key}:${q.id}`, () => ({ c, grid: u.grid, q: q.id, correct: 0, answered: 0 }), (t) => {
        t.correct += ok;
        t.answered++;
      });
    });
    participants.push(pRow({ id: pid++, campaignId: c.id, userId: u.id, nodeId: u.grid.id, nodePath: u.grid.path, countedAttemptId: firstAttemptId + k, correct, total: PAPER, percent: correct * 10, passed: correct >= PASS_CORRECT ? 1 : 0, attempts: tries[p], updatedAt: now }));
  }
  const at = (v) => ({ campaignId: v.c.id, nodeId: v.grid.id, nodePath: v.grid.path });
  const nRow = await rowMaker(conn, 'quiz_node_stat', now);
  const tRow = await rowMaker(conn, 'quiz_type_stat', now);
  const qRow2 = await rowMaker(conn, 'quiz_question_stat', now);
  const wRow = await rowMaker(conn, 'quiz_week_stat', now);
  await conn.tx(async () => {
    await insertRows(conn, 'question', questions, CHUNK);
    await insertRows(conn, 'question_version', versions, 100);
    await insertRows(conn, 'quiz_campaign', campaigns, CHUNK);
    await insertRows(conn, 'quiz_participant', participants, CHUNK);
    await insertRows(conn, 'quiz_node_stat', [...node.values()].map((v) => nRow({ ...at(v), participants: v.participants, passed: v.passed, correct: v.correct, answered: v.answered, attempts: v.attempts, flagged: v.flagged })), CHUNK);
    await insertRows(conn, 'quiz_type_stat', [...types.values()].map((v) => tRow({ ...at(v), fraudType: v.type, correct: v.correct, answered: v.answered })), CHUNK);
    await insertRows(conn, 'quiz_question_stat', [...qstats.values()].map((v) => qRow2({ ...at(v), questionId: v.q, correct: v.correct, answered: v.answered })), CHUNK);
    await insertRows(conn, 'quiz_week_stat', [...week.values()].map((v) => wRow({ ...at(v), weekStart: weekStart(v.w), attempts: v.attempts, passed: v.passed, correct: v.correct, answered: v.answered })), CHUNK);
  });
  if (!sqlite) await conn.run('ANALYZE TABLE quiz_attempt, quiz_participant, quiz_node_stat, quiz_type_stat, quiz_question_stat, quiz_week_stat, question, question_version, quiz_campaign');
  else await conn.run('ANALYZE');

  // what the town view of town 1's campaign must answer
  const c1 = campaignOf.get(county.towns[0].id);
  const expect = { population: residents.filter((u) => townOfGrid.get(u.grid.id) === county.towns[0]).length, participants: 0, passed: 0, attempts: 0, flagged: 0 };
  for (const v of node.values()) {
    if (v.c !== c1) continue;
    for (const k of ['participants', 'passed', 'attempts', 'flagged']) expect[k] += v[k];
  }
  const counts = { attempts, participants: participants.length, nodeStats: node.size, typeStats: types.size, questionStats: qstats.size, weekStats: week.size, seconds: Math.round((Date.now() - t0) / 100) / 10 };
  log(`quiz: ${counts.participants} participants, stat rows node ${counts.nodeStats}, type ${counts.typeStats}, question ${counts.questionStats}, week ${counts.weekStats} (${counts.seconds} s in all)`);
  return { campaignId: c1.id, townId: county.towns[0].id, villages: county.towns[0].villages.length, expect, counts };
}

function percentileOf(sorted, p) {
  return sorted[Math.max(0, Math.ceil(p * sorted.length) - 1)];
}

// Sequential GETs of the town view of one campaign: latency percentiles, and the figures checked
// against what the generator wrote.
async function statsLatency(port, { campaignId, villages, expect }, token, { warmup = 20, runs = 200 } = {}) {
  const url = `http://127.0.0.1:${port}/api/quiz/campaigns/${campaignId}/stats`;
  const get = async () => {
    const t0 = process.hrtime.bigint();
    const res = await fetch(url, { headers: { authorization: `Bearer ${token}` }, signal: AbortSignal.timeout(10_000) });
    const body = await res.json();
    return { ms: Number(process.hrtime.bigint() - t0) / 1e6, status: res.status, body };
  };
  const first = await get();
  if (first.status !== 200) throw new Error(`quiz stats: ${first.status} ${JSON.stringify(first.body).slice(0, 300)}`);
  const s = first.body.summary;
  const mismatch = [];
  for (const k of Object.keys(expect)) if (s[k] !== expect[k]) mismatch.push(`${k} ${s[k]} (expected ${expect[k]})`);
  if (first.body.children.length !== villages) mismatch.push(`children ${first.body.children.length} (expected ${villages})`);
  if (first.body.questions.length !== QUESTIONS) mismatch.push(`questions ${first.body.questions.length} (expected ${QUESTIONS})`);
  for (let i = 0; i < warmup; i++) await get();
  const times = [];
  let errors = 0;
  for (let i = 0; i < runs; i++) {
    const r = await get();
    if (r.status !== 200) errors++;
    times.push(r.ms);
  }
  times.sort((a, b) => a - b);
  const round = (x) => Math.round(x * 10) / 10;
  return { runs, errors, p50: round(percentileOf(times, 0.5)), p95: round(percentileOf(times, 0.95)), max: round(times[times.length - 1]), mismatch: mismatch.join('; ') || null };
}

module.exports = { addQuizCounty, statsLatency, nextId, rowMaker };
