'use strict';
// `npm run bench`: autocannon on loopback against the real app (node dist/main.js) and, beside each
// endpoint, a bare node:http server doing the same database work on the same database (the floor).
// Prints requests/s, p99 latency and the app/floor ratio per database and endpoint, and writes
// test-artifacts/bench.json. Performance targets live here, never in timed unit tests.
//
// Group broadcasts (county.js, broadcast.js): a county-scale generator, then the open-tracking endpoint
// beside its floor, one bulletin's dashboard latency, and publishing to a town of 300 villages.
//
// Env: BENCH_CONNECTIONS (50), BENCH_SECONDS (10), BENCH_WARMUP_SECONDS (2), BENCH_RESIDENTS (2000),
// BENCH_LOGIN_USERS (1000), BENCH_MYSQL_URL (mysql://root@127.0.0.1:3306/test), BENCH_DATABASES
// (sqlite,mysql), BENCH_MIN_RATIO (0.25), BENCH_MAX_P99_MS (250), BENCH_COUNTY (1; 0 skips the
// broadcast benches), BENCH_OPEN_MIN_RATIO (0.6, MariaDB/MySQL), BENCH_DASHBOARD_RUNS (200),
// BENCH_DASHBOARD_MAX_P95_MS (100), BENCH_PUBLISH_RUNS (3), BENCH_PUBLISH_MAX_MS (2000), BENCH_APP_NODE_ARGS
// (extra node flags for the app, e.g. --cpu-prof --cpu-prof-dir=DIR), BENCH_ENDPOINTS (login,members; none).
//
// Quizzes (quiz-stats.js, quiz-import.js, quiz-submit.js): BENCH_QUIZ (1; 0 skips them), BENCH_QUIZ_ATTEMPTS
// (1000000 submitted attempts over the county), BENCH_QUIZ_STATS_RUNS (200), BENCH_QUIZ_STATS_MAX_P95_MS
// (150), BENCH_QUIZ_IMPORT_ROWS (2000), BENCH_QUIZ_IMPORT_MAX_MS (10000), BENCH_QUIZ_SUBMIT_MIN_RATIO (0.5,
// MariaDB/MySQL). The quiz benches need the county of county.js, made for them even with BENCH_COUNTY=0.
//
// Pledges (pledge.js, pledge-data.js, pledge-png.js): BENCH_PLEDGE (1; 0 skips them), BENCH_PLEDGE_SIGNERS
// (20000 prepared signers and roster entries per submit run), BENCH_PLEDGE_SUBMIT_MIN_RPS (300),
// BENCH_PLEDGE_PNG_BYTES (45000, the typical signature), BENCH_PLEDGE_PNG_LARGE_BYTES (190000),
// BENCH_PLEDGE_SPREAD (auto: the spread-over-10-campaigns submit run only when one campaign misses;
// always; never), BENCH_PLEDGE_SCHOOL_STUDENTS (3000), BENCH_PLEDGE_PROGRESS_RUNS (200),
// BENCH_PLEDGE_PROGRESS_MAX_P95_MS (100), BENCH_PLEDGE_EXPORT_RUNS (3), BENCH_PLEDGE_EXPORT_MAX_MS (5000).
// Enforced on MariaDB/MySQL, reported on SQLite. The app stores files under a temp STORAGE_DIR.
//
// Fraud-Free indicators (ff.js): BENCH_FF (1; 0 skips them), BENCH_FF_UNITS (1000 organisations over the
// county's 15 towns), BENCH_FF_ATTEMPTS (1000000 quiz attempts as aggregates), BENCH_FF_PLEDGES (300000
// signatures), BENCH_FF_OPENS (5000000 bulletin opens), BENCH_FF_BATCH_MAX_MS (30000: every program of
// every town computed, in all), BENCH_FF_LIVE_RUNS (200), BENCH_FF_LIVE_MAX_P95_MS (150: one unit's live
// indicators). Enforced on both databases. They need the county of county.js, made for them too.
// Exit code 1 when a run had errors or non-2xx answers (invalid) or the app missed a target.

const fs = require('node:fs');
const net = require('node:net');
const os = require('node:os');
const path = require('node:path');
const crypto = require('node:crypto');
const { spawn, fork } = require('node:child_process');
const autocannon = require('autocannon');
const { freshSqlite, freshMysql, connect } = require('./db');
const { addResidents } = require('./data');
const { addCounty } = require('./county');
const { tokenSigner, groupInfoFor, openSpec, dashboardLatency } = require('./broadcast');
const { addQuizCounty, statsLatency } = require('./quiz-stats');
const { pledgeBench, pledgeTable } = require('./pledge');
const { ffBench } = require('./ff');

const SERVER_DIR = path.resolve(__dirname, '..');
const ROOT_DIR = path.resolve(SERVER_DIR, '..');
const OUT_FILE = path.join(ROOT_DIR, 'test-artifacts', 'bench.json');

const int = (name, dflt) => {
  const v = process.env[name];
  if (v === undefined || v === '') return dflt;
  const n = Number(v);
  if (!Number.isInteger(n) || n <= 0) throw new Error(`${name} must be a positive integer, got ${v}`);
  return n;
};
const ratioEnv = (name, dflt) => {
  const n = Number(process.env[name] || dflt);
  if (!(n > 0 && n <= 1)) throw new Error(`${name} must be a number in (0, 1], got ${process.env[name]}`);
  return n;
};
const CFG = {
  connections: int('BENCH_CONNECTIONS', 50),
  seconds: int('BENCH_SECONDS', 10),
  warmup: int('BENCH_WARMUP_SECONDS', 2),
  residents: int('BENCH_RESIDENTS', 2000),
  loginUsers: int('BENCH_LOGIN_USERS', 1000),
  mysqlUrl: process.env.BENCH_MYSQL_URL || 'mysql://root@127.0.0.1:3306/test',
  databases: (process.env.BENCH_DATABASES || 'sqlite,mysql').split(',').map((s) => s.trim()),
  // the targets: the app keeps at least this share of its floor's throughput, under this p99
  minRatio: ratioEnv('BENCH_MIN_RATIO', 0.25),
  maxP99: int('BENCH_MAX_P99_MS', 250),
  county: process.env.BENCH_COUNTY !== '0',
  // login and members beside their floors; `BENCH_ENDPOINTS=none` skips both (e.g. to profile open alone)
  endpoints: (process.env.BENCH_ENDPOINTS ?? 'login,members').split(',').map((s) => s.trim()),
  // issue 3's targets: open ≥ 0.6 of its floor on MariaDB, dashboard p95 < 100 ms, publish < 2 s
  openMinRatio: ratioEnv('BENCH_OPEN_MIN_RATIO', 0.6),
  dashboardRuns: int('BENCH_DASHBOARD_RUNS', 200),
  dashboardMaxP95: int('BENCH_DASHBOARD_MAX_P95_MS', 100),
  publishRuns: int('BENCH_PUBLISH_RUNS', 3),
  publishMaxMs: int('BENCH_PUBLISH_MAX_MS', 2000),
  // issue 4's targets: quiz town view p95 < 150 ms at 1,000,000 attempts, a 2,000-question import
  // < 10 s, quiz submit ≥ 0.5 of its floor on MariaDB
  quiz: process.env.BENCH_QUIZ !== '0',
  quizAttempts: int('BENCH_QUIZ_ATTEMPTS', 1_000_000),
  quizStatsRuns: int('BENCH_QUIZ_STATS_RUNS', 200),
  quizStatsMaxP95: int('BENCH_QUIZ_STATS_MAX_P95_MS', 150),
  quizImportRows: int('BENCH_QUIZ_IMPORT_ROWS', 2000),
  quizImportMaxMs: int('BENCH_QUIZ_IMPORT_MAX_MS', 10_000),
  quizSubmitMinRatio: ratioEnv('BENCH_QUIZ_SUBMIT_MIN_RATIO', 0.5),
  // issue 5's targets, enforced on MariaDB/MySQL: signature submit >= 300/s, the progress of a school of
  // 3,000 p95 < 100 ms, its xlsx export < 5 s
  pledge: process.env.BENCH_PLEDGE !== '0',
  pledgeCfg: {
    signers: int('BENCH_PLEDGE_SIGNERS', 20_000),
    submitMinRps: int('BENCH_PLEDGE_SUBMIT_MIN_RPS', 300),
    pngBytes: int('BENCH_PLEDGE_PNG_BYTES', 45_000),
    largePngBytes: int('BENCH_PLEDGE_PNG_LARGE_BYTES', 190_000),
    spread: { 1: 'always', always: 'always', 0: 'never', never: 'never' }[process.env.BENCH_PLEDGE_SPREAD] ?? 'auto',
    schoolStudents: int('BENCH_PLEDGE_SCHOOL_STUDENTS', 3000),
    progressRuns: int('BENCH_PLEDGE_PROGRESS_RUNS', 200),
    progressMaxP95: int('BENCH_PLEDGE_PROGRESS_MAX_P95_MS', 100),
    exportRuns: int('BENCH_PLEDGE_EXPORT_RUNS', 3),
    exportMaxMs: int('BENCH_PLEDGE_EXPORT_MAX_MS', 5000),
  },
  // issue 6's targets: every indicator of the county's organisations as a batch < 30 s, one unit's live
  // indicators p95 < 150 ms
  ff: process.env.BENCH_FF !== '0',
  ffCfg: {
    units: int('BENCH_FF_UNITS', 1000),
    attempts: int('BENCH_FF_ATTEMPTS', 1_000_000),
    pledges: int('BENCH_FF_PLEDGES', 300_000),
    opens: int('BENCH_FF_OPENS', 5_000_000),
    batchMaxMs: int('BENCH_FF_BATCH_MAX_MS', 30_000),
    liveRuns: int('BENCH_FF_LIVE_RUNS', 200),
    liveMaxP95: int('BENCH_FF_LIVE_MAX_P95_MS', 150),
  },
};
// One secret and key for app and floor, so tokens and ciphertexts are interchangeable.
const SECRETS = {
  JWT_SECRET: crypto.randomBytes(33).toString('base64'),
  DATA_KEY: crypto.randomBytes(32).toString('base64'),
  WECHAT_SECRET: crypto.randomBytes(16).toString('hex'),
  // the watermark appid of the encrypted group info the bench makes
  WECHAT_APPID: 'wxbench00000000001',
  ACCESS_TOKEN_TTL: '3600',
  REFRESH_TOKEN_TTL: String(30 * 86400),
};

// What each floor does, printed with the results.
const FLOOR_NOTES = {
  login:
    'mock code2Session (HMAC session key); SELECT user by openid (INSERT if missing); UPDATE sessionKeyEnc (AES-256-GCM) + lastLoginAt; ' +
    'INSERT refresh_token (sha256 of 32 random bytes); sign HS256 access JWT (jsonwebtoken, KeyObject secret); JSON. 3 statements ' +
    '(4 for a new user), no transaction, as the app',
  members:
    'verify HS256 JWT (jsonwebtoken, KeyObject secret); SELECT caller memberships; SELECT node; subtree check on paths; SELECT page of membership on the nodePath key range ' +
    '(limit+1, ORDER BY id); SELECT org_node IN (page nodes); SELECT user_account IN (page users); decrypt + mask phones, mask names; JSON. ' +
    '5 statements, as the app',
  open:
    'verify HS256 JWT; published bulletin scope (cached 60 s); session key (SELECT user_account + AES-256-GCM decrypt, cached 60 s per user); ' +
    'AES-128-CBC decrypt of the group info + watermark checks; SELECT wechat_group by opengid; scope check; INSERT IGNORE bulletin_open ' +
    '(SELECT first confirmedAt on a repeat); JSON. As ReachService.open',
};

// ---------------------------------------------------------------- process and resource cleanup

const cleanups = [];
let cleaning = null;
function onCleanup(fn) {
  cleanups.push(fn);
}
function cleanupAll() {
  if (!cleaning) {
    cleaning = (async () => {
      while (cleanups.length) {
        const fn = cleanups.pop();
        try {
          await fn();
        } catch (e) {
          console.error(`cleanup: ${e.message}`);
        }
      }
    })();
  }
  return cleaning;
}
for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.on(sig, () => {
    console.error(`\n${sig}: stopping children and dropping bench databases`);
    if (current) current.stop();
    cleanupAll().finally(() => process.exit(130));
  });
}

function stopChild(child, name) {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    const t = setTimeout(() => {
      console.error(`${name}: did not stop on SIGTERM, killing`);
      child.kill('SIGKILL');
    }, 5000);
    child.once('exit', () => {
      clearTimeout(t);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

function freePort() {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.unref();
    s.on('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

// Share of all CPUs busy over `ms` (from /proc/stat; null where there is none). Unlike the load
// average, it does not still count the build that ran just before.
async function cpuBusy(ms) {
  const read = () => {
    try {
      const f = fs.readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1).map(Number);
      return { idle: f[3] + (f[4] || 0), total: f.reduce((a, b) => a + b, 0) };
    } catch {
      return null;
    }
  };
  const a = read();
  if (!a) return null;
  await sleep(ms);
  const b = read();
  const total = b.total - a.total;
  return total > 0 ? Math.round((1 - (b.idle - a.idle) / total) * 100) / 100 : null;
}

// Keeps the last lines of a child's output for error messages.
function tail(stream, lines, echo) {
  let buf = '';
  stream.setEncoding('utf8');
  stream.on('data', (d) => {
    if (echo) process.stderr.write(d);
    buf = (buf + d).split('\n').slice(-lines).join('\n');
  });
  return () => buf;
}

async function request(port, method, urlPath, { body, token, timeoutMs = 10_000 } = {}) {
  const headers = {};
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (token) headers.authorization = `Bearer ${token}`;
  const res = await fetch(`http://127.0.0.1:${port}${urlPath}`, {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
    signal: AbortSignal.timeout(timeoutMs),
  });
  const text = await res.text();
  let json;
  try {
    json = JSON.parse(text);
  } catch {
    json = text;
  }
  return { status: res.status, body: json };
}

// ---------------------------------------------------------------- app and floor processes

// Uploaded and signed files of the app on one database: a temp directory, removed with the database.
const storageDirs = new Map();
function storageDirFor(dbUrl) {
  let dir = storageDirs.get(dbUrl);
  if (!dir) {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wuzha-bench-files-'));
    storageDirs.set(dbUrl, dir);
    onCleanup(() => {
      storageDirs.delete(dbUrl);
      fs.rmSync(dir, { recursive: true, force: true });
    });
  }
  return dir;
}

function appEnv(dbUrl, port) {
  return {
    ...process.env,
    ...SECRETS,
    NODE_ENV: 'development',
    PORT: String(port),
    HOST: '127.0.0.1',
    DATABASE_URL: dbUrl,
    WECHAT_MODE: 'mock',
    OUTBOX_ENABLED: 'false',
    // publishing queues a subscribe message per cadre only with a template configured
    WECHAT_TMPL_BULLETIN_TASK: 'bench-tmpl-bulletin-task',
    LOG_LEVEL: 'warn',
    H5_DIR: '',
    STORAGE_DIR: storageDirFor(dbUrl),
  };
}

// `npm run seed`'s entry point: migrates and loads the demo data into the empty database (a no-op
// when the app seeds on start by itself).
async function seed(dbUrl) {
  const cli = path.join(SERVER_DIR, 'dist', 'seed', 'seed.cli.js');
  if (!fs.existsSync(cli)) return;
  const child = spawn(process.execPath, [cli], { cwd: SERVER_DIR, env: appEnv(dbUrl, 0), stdio: ['ignore', 'pipe', 'pipe'] });
  onCleanup(() => stopChild(child, 'seed'));
  const out = tail(child.stdout, 30, false);
  const err = tail(child.stderr, 30, false);
  const code = await new Promise((resolve) => child.once('exit', resolve));
  if (code !== 0) throw new Error(`seed exited with ${code}:\n${out()}\n${err()}`);
}

async function startApp(dbUrl) {
  const main = path.join(SERVER_DIR, 'dist', 'main.js');
  if (!fs.existsSync(main)) throw new Error(`${main} is missing: build the server first (npm run build -w server)`);
  await seed(dbUrl);
  const port = await freePort();
  // BENCH_APP_NODE_ARGS: extra node flags for the app, e.g. `--cpu-prof --cpu-prof-dir=/tmp/prof`
  const nodeArgs = (process.env.BENCH_APP_NODE_ARGS || '').split(' ').filter(Boolean);
  const child = spawn(process.execPath, [...nodeArgs, main], {
    cwd: SERVER_DIR,
    env: appEnv(dbUrl, port),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const out = tail(child.stdout, 30, false);
  const err = tail(child.stderr, 30, false);
  onCleanup(() => stopChild(child, 'app'));
  const deadline = Date.now() + 90_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`app exited with ${child.exitCode} during start:\n${out()}\n${err()}`);
    try {
      const r = await request(port, 'GET', '/api/health');
      if (r.status === 200) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`app did not answer /api/health within 90 s:\n${out()}\n${err()}`);
    await sleep(200);
  }
  return { child, port, logs: () => `${out()}\n${err()}` };
}

async function startFloor(dbUrl) {
  const port = await freePort();
  const child = fork(path.join(__dirname, 'floor.js'), [], {
    cwd: SERVER_DIR,
    env: { ...process.env, ...SECRETS, PORT: String(port), DATABASE_URL: dbUrl },
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
  });
  const err = tail(child.stderr, 30, false);
  tail(child.stdout, 5, false);
  onCleanup(() => stopChild(child, 'floor'));
  await new Promise((resolve, reject) => {
    const t = setTimeout(() => reject(new Error(`floor did not start within 20 s:\n${err()}`)), 20_000);
    child.once('message', (m) => {
      clearTimeout(t);
      if (m && m.ready) resolve();
    });
    child.once('exit', (code) => {
      clearTimeout(t);
      reject(new Error(`floor exited with ${code}:\n${err()}`));
    });
  });
  return { child, port, logs: err };
}

// ---------------------------------------------------------------- load

let current = null; // the running autocannon instance, stopped on a signal
// One autocannon run: bounded by duration, loopback only, stopped on SIGINT by the handler above.
function cannon(port, spec, seconds) {
  return new Promise((resolve, reject) => {
    const inst = autocannon(
      {
        url: `http://127.0.0.1:${port}`,
        connections: CFG.connections,
        duration: seconds,
        timeout: 10,
        requests: [spec.request()],
      },
      (err, result) => {
        current = null;
        if (err) reject(err);
        else resolve(result);
      },
    );
    current = inst;
  });
}

function summarize(result) {
  return {
    rps: Math.round(result.requests.average),
    p50: result.latency.p50,
    p99: result.latency.p99,
    total: result.requests.total,
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
  };
}

async function measure(label, port, spec) {
  process.stderr.write(`  ${label}: warm-up ${CFG.warmup}s, run ${CFG.seconds}s ... `);
  await cannon(port, spec, CFG.warmup);
  const r = summarize(await cannon(port, spec, CFG.seconds));
  process.stderr.write(`${r.rps} req/s, p99 ${r.p99} ms${r.non2xx || r.errors ? `, non-2xx ${r.non2xx}, errors ${r.errors}` : ''}\n`);
  return r;
}

// Request generators: login cycles over `loginUsers` openids per target (returning users after the
// first round; the warm-up covers most of the first round); members lists the village as its cadre.
function loginSpec(prefix) {
  let n = 0;
  return {
    request: () => ({
      method: 'POST',
      path: '/api/auth/login',
      headers: { 'content-type': 'application/json' },
      setupRequest: (req) => ({ ...req, body: JSON.stringify({ code: `mock:bench-${prefix}${n++ % CFG.loginUsers}` }) }),
    }),
  };
}
function membersSpec(villageId, token) {
  return {
    request: () => ({
      method: 'GET',
      path: `/api/org/nodes/${villageId}/members?limit=20`,
      headers: { authorization: `Bearer ${token}` },
    }),
  };
}

// ---------------------------------------------------------------- one database

async function benchDatabase(db) {
  console.error(`\n== ${db.label}${db.version ? ` ${db.version}` : ''} (${db.kind === 'sqlite' ? db.url : db.name})`);
  const app = await startApp(db.url);
  console.error(`  app up on 127.0.0.1:${app.port} (migrated and seeded)`);

  const cadre = await request(app.port, 'POST', '/api/auth/login', { body: { code: 'mock:demo-village_cadre' } });
  if (cadre.status !== 200) throw new Error(`login as demo-village_cadre failed: ${cadre.status} ${JSON.stringify(cadre.body)}`);
  const token = cadre.body.accessToken;

  const conn = await connect(db.url);
  let villageId;
  try {
    const rows = await conn.all("SELECT nodeId FROM membership WHERE userId = ? AND role = 'village_cadre' ORDER BY id LIMIT 1", [cadre.body.userId]);
    if (!rows.length) throw new Error('demo-village_cadre holds no village_cadre membership: is the seed in place?');
    villageId = Number(rows[0].nodeId);
    const added = await addResidents(conn, villageId, CFG.residents, SECRETS.DATA_KEY);
    console.error(`  added ${added.residents} residents (${added.grids} grids) under village ${villageId}: ${added.total} members in its subtree`);
  } finally {
    await conn.close();
  }

  const floor = await startFloor(db.url);
  console.error(`  floor up on 127.0.0.1:${floor.port}`);
  // others' work shows here too (the app and floor are idle now)
  const busy = await cpuBusy(1000);
  if (busy !== null && busy > 0.25) console.error(`  WARNING: ${Math.round(busy * 100)}% CPU busy with something else before these runs`);

  // Same answer from both before timing: proves the floor does the same work.
  const listPath = `/api/org/nodes/${villageId}/members?limit=20`;
  const a = await request(app.port, 'GET', listPath, { token });
  const f = await request(floor.port, 'GET', listPath, { token });
  if (a.status !== 200) throw new Error(`app ${listPath}: ${a.status} ${JSON.stringify(a.body)}`);
  if (f.status !== 200) throw new Error(`floor ${listPath}: ${f.status} ${JSON.stringify(f.body)}`);
  const mismatch = compareLists(a.body, f.body);
  if (mismatch) console.error(`  WARNING: floor list differs from the app's: ${mismatch}`);

  const rows = [];
  const endpoints = [
    { name: 'login', title: 'POST /api/auth/login', app: loginSpec('a'), floor: loginSpec('f') },
    { name: 'members', title: `GET /api/org/nodes/${villageId}/members?limit=20`, app: membersSpec(villageId, token), floor: membersSpec(villageId, token) },
  ];
  for (const ep of endpoints) {
    if (!CFG.endpoints.includes(ep.name)) continue;
    console.error(` ${ep.title}`);
    const appR = await measure('app  ', app.port, ep.app);
    const floorR = await measure('floor', floor.port, ep.floor);
    const valid = [appR, floorR].every((r) => r.non2xx === 0 && r.errors === 0 && r.timeouts === 0);
    rows.push({
      database: db.label,
      endpoint: ep.name,
      path: ep.title,
      app: appR,
      floor: floorR,
      ratio: floorR.rps ? Math.round((appR.rps / floorR.rps) * 100) / 100 : null,
      valid,
      target: { minRatio: CFG.minRatio, maxP99Ms: CFG.maxP99 },
      targetMet: floorR.rps > 0 && appR.rps / floorR.rps >= CFG.minRatio && appR.p99 <= CFG.maxP99,
      floorDoes: FLOOR_NOTES[ep.name],
      listMismatch: ep.name === 'members' ? mismatch : undefined,
      cpuBusyBefore: busy,
    });
  }
  // one county for the broadcast and quiz benches
  const county = CFG.county || CFG.quiz || CFG.ff ? await makeCounty(db) : null;
  const broadcast = CFG.county ? await benchBroadcast(db, app, floor, rows, county) : [];
  const quiz = CFG.quiz ? await benchQuiz(db, app, floor, rows, county) : [];
  const pledge = CFG.pledge
    ? await pledgeBench({
        db, app, cfg: CFG.pledgeCfg, dataKey: SECRETS.DATA_KEY, storageDir: storageDirFor(db.url), sign: tokenSigner(SECRETS.JWT_SECRET, Number(SECRETS.ACCESS_TOKEN_TTL)), measure, request, cpuBusy,
        connections: CFG.connections,
      })
    : [];
  const ff = CFG.ff
    ? await ffBench({ db, app, county, cfg: CFG.ffCfg, dataKey: SECRETS.DATA_KEY, sign: tokenSigner(SECRETS.JWT_SECRET, Number(SECRETS.ACCESS_TOKEN_TTL)), request, cpuBusy, log: (m) => console.error(`  ${m}`) })
    : [];
  if (rows.some((r) => !r.valid) || [...broadcast, ...quiz, ...pledge, ...ff].some((b) => !b.valid && !b.skipped)) console.error(`  app log tail:\n${app.logs()}\n  floor log tail:\n${floor.logs()}`);
  await stopChild(floor.child, 'floor');
  await stopChild(app.child, 'app');
  return { rows, broadcast, quiz, pledge, ff };
}

// ---------------------------------------------------------------- group broadcasts (issue 3)

// Does the running app serve this route (a 404 ROUTE_NOT_FOUND means not built yet)?
async function hasRoute(port, method, urlPath, token) {
  const r = await request(port, method, urlPath, { body: method === 'GET' ? undefined : {}, token });
  return !(r.status === 404 && r.body && r.body.code === 'ROUTE_NOT_FOUND');
}

async function makeCounty(db) {
  const conn = await connect(db.url);
  try {
    return await addCounty(conn, { dataKey: SECRETS.DATA_KEY, wechatSecret: SECRETS.WECHAT_SECRET, log: (m) => console.error(`  ${m}`) });
  } finally {
    await conn.close();
  }
}

async function benchBroadcast(db, app, floor, rows, county) {
  const results = [];
  const mysqlLike = db.kind === 'mysql';
  const sign = tokenSigner(SECRETS.JWT_SECRET, Number(SECRETS.ACCESS_TOKEN_TTL));
  const busy = await cpuBusy(1000);
  if (busy !== null && busy > 0.25) console.error(`  WARNING: ${Math.round(busy * 100)}% CPU busy with something else before the broadcast runs`);

  // (b) one bulletin's dashboard at a town with 50,000 opens
  {
    const d = county.dashboard;
    process.stderr.write(` GET /api/bulletins/${d.bulletinId}/dashboard (town, ${d.opens} opens): ${CFG.dashboardRuns} sequential requests ... `);
    const r = await dashboardLatency(app.port, d, sign(county.dashAdmin.id), { runs: CFG.dashboardRuns });
    process.stderr.write(`p50 ${r.p50} ms, p95 ${r.p95} ms${r.mismatch ? `, WRONG NUMBERS: ${r.mismatch}` : ''}\n`);
    results.push({
      database: db.label,
      measure: 'dashboard',
      detail: `one bulletin, town view: ${d.opens} opens, ${d.expect.groupsRegistered} groups, ${d.expect.rows} task rows; ${r.runs} sequential requests`,
      value: r.p95,
      unit: 'ms p95',
      extra: { p50: r.p50, max: r.max, errors: r.errors, mismatch: r.mismatch },
      target: `p95 < ${CFG.dashboardMaxP95} ms`,
      valid: r.errors === 0 && !r.mismatch,
      targetMet: r.errors === 0 && !r.mismatch && r.p95 < CFG.dashboardMaxP95,
      cpuBusyBefore: busy,
    });
  }

  // (a) the open-tracking endpoint beside its floor (each on its own bulletin, so both insert)
  const o = county.open;
  const wechat = { appId: SECRETS.WECHAT_APPID, wechatSecret: SECRETS.WECHAT_SECRET };
  if (await hasRoute(app.port, 'POST', `/api/bulletins/${o.appBulletinId}/open`, sign(o.readers[0].id))) {
    // same answer from both before timing (one reader, each on its bulletin; the bench's first request
    // for that reader is then a repeat on both sides)
    const probe = o.readers[0];
    const body = () => ({ group: groupInfoFor(probe.openid, probe.opengid, wechat) });
    const a = await request(app.port, 'POST', `/api/bulletins/${o.appBulletinId}/open`, { body: body(), token: sign(probe.id) });
    const f = await request(floor.port, 'POST', `/api/bulletins/${o.floorBulletinId}/open`, { body: body(), token: sign(probe.id) });
    const mismatch =
      a.status !== 200 || f.status !== 200
        ? `app ${a.status} ${JSON.stringify(a.body).slice(0, 200)}, floor ${f.status} ${JSON.stringify(f.body).slice(0, 200)}`
        : JSON.stringify(a.body) !== JSON.stringify(f.body) || a.body.groupCounted !== true
          ? `app ${JSON.stringify(a.body)} vs floor ${JSON.stringify(f.body)}`
          : null;
    if (mismatch) console.error(`  WARNING: open answers differ: ${mismatch}`);
    console.error(` POST /api/bulletins/:id/open (group info of ${o.readers.length} residents, each their own token and session key)`);
    const appR = await measure('app  ', app.port, openSpec(o.appBulletinId, o.readers, sign, wechat));
    const floorR = await measure('floor', floor.port, openSpec(o.floorBulletinId, o.readers, sign, wechat));
    const minRatio = mysqlLike ? CFG.openMinRatio : CFG.minRatio;
    const valid = !mismatch && [appR, floorR].every((r) => r.non2xx === 0 && r.errors === 0 && r.timeouts === 0);
    rows.push({
      database: db.label,
      endpoint: 'open',
      path: 'POST /api/bulletins/:id/open',
      app: appR,
      floor: floorR,
      ratio: floorR.rps ? Math.round((appR.rps / floorR.rps) * 100) / 100 : null,
      valid,
      target: { minRatio, maxP99Ms: CFG.maxP99 },
      targetMet: valid && floorR.rps > 0 && appR.rps / floorR.rps >= minRatio && appR.p99 <= CFG.maxP99,
      floorDoes: FLOOR_NOTES.open,
      listMismatch: mismatch,
      cpuBusyBefore: busy,
    });
  } else {
    console.error('  open-tracking endpoint not in this build: skipped');
    results.push({ database: db.label, measure: 'open', detail: 'POST /api/bulletins/:id/open is not in this build', value: null, unit: '', target: '-', valid: false, targetMet: false, skipped: true });
  }

  // (c) publishing to a town of 300 villages: tasks and outbox rows created inside the request
  const [author, reviewer] = county.bigAdmins;
  if (await hasRoute(app.port, 'POST', '/api/bulletins', sign(author.id))) {
    const times = [];
    const problems = [];
    let created = null;
    const conn2 = await connect(db.url);
    try {
      for (let i = 0; i < CFG.publishRuns; i++) {
        const r = await publishOnce(conn2, app.port, county.bigTown, sign(author.id), sign(reviewer.id), i);
        times.push(r.ms);
        if (r.problem) problems.push(r.problem);
        created = r.created ?? created;
        // a publication that never came back: the next would queue behind it
        if (r.timedOut) break;
      }
    } finally {
      await conn2.close();
    }
    const worst = Math.round(Math.max(...times));
    console.error(` POST /api/bulletins/:id/publish (town of ${county.bigTown.villages.length} villages): ${times.map((t) => Math.round(t)).join(', ')} ms; ${JSON.stringify(created)}`);
    results.push({
      database: db.label,
      measure: 'publish',
      detail: `${county.bigTown.villages.length} villages: ${created ? `${created.tasks} tasks, ${created.outbox} outbox rows` : '?'} per publication; ${times.length} publications, worst`,
      value: worst,
      unit: 'ms max',
      extra: { times: times.map((t) => Math.round(t)), created, problems },
      target: `< ${CFG.publishMaxMs} ms`,
      valid: problems.every((p) => p.includes('no answer within')),
      targetMet: problems.length === 0 && worst < CFG.publishMaxMs,
    });
  } else {
    console.error('  publishing endpoints not in this build: skipped');
    results.push({ database: db.label, measure: 'publish', detail: 'POST /api/bulletins is not in this build', value: null, unit: '', target: '-', valid: false, targetMet: false, skipped: true });
  }
  return results;
}

// ---------------------------------------------------------------- quizzes (issue 4)

async function benchQuiz(db, app, floor, rows, county) {
  const results = [];
  const sign = tokenSigner(SECRETS.JWT_SECRET, Number(SECRETS.ACCESS_TOKEN_TTL));
  const admin = sign(county.dashAdmin.id);

  // (c, run first: before the generator below fills the database with a county's million attempts, when
  // the default 128 MB InnoDB buffer pool of a test install churns and both sides slow down unevenly)
  // quiz submit beside its floor (quiz-submit.js; floor.js does the same statements in one transaction):
  // a row like login/members. Target on MariaDB/MySQL: app ≥ CFG.quizSubmitMinRatio × floor
  // (BENCH_QUIZ_SUBMIT_MIN_RATIO); elsewhere CFG.minRatio; the p99 is reported (see quiz-submit.js).
  const submitter = optionalBench('quiz-submit.js', 'submitBench');
  if (submitter) {
    const minRatio = db.kind === 'mysql' ? CFG.quizSubmitMinRatio : CFG.minRatio;
    rows.push(await submitter({ db, app, floor, county, sign, measure, request, minRatio }));
  } else {
    results.push(notBuilt(db, 'quiz submit', 'bench/quiz-submit.js'));
  }

  // (a) the town view of a campaign's statistics, the county holding BENCH_QUIZ_ATTEMPTS attempts
  const conn = await connect(db.url);
  let quiz;
  try {
    quiz = await addQuizCounty(conn, county, { attempts: CFG.quizAttempts, log: (m) => console.error(`  ${m}`) });
  } finally {
    await conn.close();
  }
  if (await hasRoute(app.port, 'GET', `/api/quiz/campaigns/${quiz.campaignId}/stats`, admin)) {
    const busy = await cpuBusy(1000);
    process.stderr.write(` GET /api/quiz/campaigns/${quiz.campaignId}/stats (town, ${quiz.villages} villages; county ${quiz.counts.attempts} attempts): ${CFG.quizStatsRuns} sequential requests ... `);
    const r = await statsLatency(app.port, quiz, admin, { runs: CFG.quizStatsRuns });
    process.stderr.write(`p50 ${r.p50} ms, p95 ${r.p95} ms${r.mismatch ? `, WRONG NUMBERS: ${r.mismatch}` : ''}\n`);
    results.push({
      database: db.label,
      measure: 'quiz stats',
      detail: `one campaign, town view: ${quiz.expect.participants} participants of ${quiz.expect.population}, ${quiz.expect.attempts} attempts (county: ${quiz.counts.attempts} attempts, ${quiz.counts.questionStats} question stat rows); ${r.runs} sequential requests`,
      value: r.p95,
      unit: 'ms p95',
      extra: { p50: r.p50, max: r.max, errors: r.errors, mismatch: r.mismatch, data: quiz.counts },
      target: `p95 < ${CFG.quizStatsMaxP95} ms`,
      valid: r.errors === 0 && !r.mismatch,
      targetMet: r.errors === 0 && !r.mismatch && r.p95 < CFG.quizStatsMaxP95,
      cpuBusyBefore: busy,
    });
  } else {
    results.push(notBuilt(db, 'quiz stats', 'GET /api/quiz/campaigns/:id/stats'));
  }

  // (b) a 2,000-question xlsx import (quiz-import.js, by the bank's work)
  const importer = optionalBench('quiz-import.js', 'importBench');
  if (importer) {
    const r = await importer({ db, port: app.port, token: admin, townId: county.towns[0].id, rows: CFG.quizImportRows, request, log: (m) => console.error(`  ${m}`) });
    const ms = Math.round(typeof r === 'number' ? r : (r.ms ?? r.value));
    const problem = (r && r.problem) || (r && r.mismatch) || null;
    console.error(` POST /api/quiz/questions/import (${CFG.quizImportRows} questions): ${ms} ms${problem ? `, PROBLEM: ${problem}` : ''}`);
    results.push({
      database: db.label,
      measure: 'quiz import',
      detail: `xlsx of ${CFG.quizImportRows} questions, all or nothing`,
      value: ms,
      unit: 'ms',
      extra: typeof r === 'object' ? r : undefined,
      target: `< ${CFG.quizImportMaxMs} ms`,
      valid: !problem,
      targetMet: !problem && ms < CFG.quizImportMaxMs,
    });
  } else {
    results.push(notBuilt(db, 'quiz import', 'bench/quiz-import.js'));
  }

  return results;
}

// A bench module written by another part of the work, if it is there yet.
function optionalBench(file, name) {
  const full = path.join(__dirname, file);
  if (!fs.existsSync(full)) return null;
  const fn = require(full)[name];
  return typeof fn === 'function' ? fn : null;
}

function notBuilt(db, measure, what) {
  console.error(`  ${measure}: ${what} is not in this build: skipped`);
  return { database: db.label, measure, detail: `${what} is not in this build`, value: null, unit: '', target: '-', valid: false, targetMet: false, skipped: true };
}

const PUBLISH_TIMEOUT_MS = 30_000;

// Draft → submit → another admin approves → publish (timed); then counts what the publication created.
async function publishOnce(conn, port, town, authorToken, reviewerToken, i) {
  const draft = await request(port, 'POST', '/api/bulletins', {
    token: authorToken,
    body: {
      townId: town.id,
      title: `全镇反诈预警第${i + 1}期`,
      body: [{ type: 'paragraph', runs: [{ text: '近期冒充客服退款诈骗高发，接到自称客服的电话要求转账，请立即挂断。' }] }],
      category: 'warning',
      urgency: 'urgent',
      scope: { kind: 'town' },
    },
  });
  if (draft.status !== 201) return { ms: 0, problem: `create: ${draft.status} ${JSON.stringify(draft.body).slice(0, 200)}` };
  const id = draft.body.id;
  const submitted = await request(port, 'POST', `/api/bulletins/${id}/submit`, { token: authorToken });
  if (submitted.status !== 200) return { ms: 0, problem: `submit: ${submitted.status} ${JSON.stringify(submitted.body).slice(0, 200)}` };
  const reviewed = await request(port, 'POST', `/api/bulletins/${id}/review`, { token: reviewerToken, body: { decision: 'approve' } });
  if (reviewed.status !== 200) return { ms: 0, problem: `review: ${reviewed.status} ${JSON.stringify(reviewed.body).slice(0, 200)}` };
  // the outbox worker is off in the bench: what the publication enqueued stays there to be counted
  const outboxBefore = await count(conn, 'SELECT COUNT(*) AS n FROM outbox_message');
  const t0 = process.hrtime.bigint();
  let published;
  try {
    published = await request(port, 'POST', `/api/bulletins/${id}/publish`, { token: reviewerToken, timeoutMs: PUBLISH_TIMEOUT_MS });
  } catch (e) {
    if (e.name !== 'TimeoutError') throw e;
    return { ms: PUBLISH_TIMEOUT_MS, timedOut: true, problem: `publish: no answer within ${PUBLISH_TIMEOUT_MS / 1000} s` };
  }
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  if (published.status !== 200 || published.body.status !== 'published') return { ms, problem: `publish: ${published.status} ${JSON.stringify(published.body).slice(0, 200)}` };
  const created = {
    tasks: await count(conn, 'SELECT COUNT(*) AS n FROM forward_task WHERE bulletinId = ?', [id]),
    outbox: (await count(conn, 'SELECT COUNT(*) AS n FROM outbox_message')) - outboxBefore,
  };
  const problem = created.tasks !== town.villages.length ? `publication created ${created.tasks} tasks for ${town.villages.length} villages` : null;
  return { ms, created, problem };
}

async function count(conn, sql, params = []) {
  const [{ n }] = await conn.all(sql, params);
  return Number(n);
}


function compareLists(a, f) {
  if (!a || !f || !Array.isArray(a.items) || !Array.isArray(f.items)) return 'not a page';
  if (a.items.length !== f.items.length) return `${a.items.length} items vs ${f.items.length}`;
  const keys = (o) => Object.keys(o).sort().join(',');
  for (let i = 0; i < a.items.length; i++) {
    if (keys(a.items[i]) !== keys(f.items[i])) return `item keys ${keys(a.items[i])} vs ${keys(f.items[i])}`;
    if (a.items[i].membershipId !== f.items[i].membershipId) return `item ${i}: membership ${a.items[i].membershipId} vs ${f.items[i].membershipId}`;
  }
  return null;
}

// ---------------------------------------------------------------- report

function table(rows) {
  const head = ['database', 'endpoint', 'app req/s', 'app p99 ms', 'floor req/s', 'floor p99 ms', 'app/floor', 'non-2xx app/floor', 'valid', 'target'];
  const body = rows.map((r) => [
    r.database,
    r.endpoint,
    String(r.app.rps),
    String(r.app.p99),
    String(r.floor.rps),
    String(r.floor.p99),
    r.ratio === null ? '-' : r.ratio.toFixed(2),
    `${r.app.non2xx}/${r.floor.non2xx}`,
    r.valid ? 'yes' : 'INVALID',
    r.targetMet ? 'met' : 'MISSED',
  ]);
  const w = head.map((h, i) => Math.max(h.length, ...body.map((b) => b[i].length)));
  const line = (cells) => cells.map((c, i) => (i < 2 ? c.padEnd(w[i]) : c.padStart(w[i]))).join('  ');
  return [line(head), w.map((n) => '-'.repeat(n)).join('  '), ...body.map(line)].join('\n');
}

function broadcastTable(results) {
  const head = ['database', 'measure', 'value', 'target', 'valid', 'met', 'what'];
  const body = results.map((b) => [
    b.database,
    b.measure,
    b.value === null ? '-' : `${b.value} ${b.unit}`,
    b.target,
    b.skipped ? 'skipped' : b.valid ? 'yes' : 'INVALID',
    b.targetMet ? 'met' : 'MISSED',
    b.detail,
  ]);
  const w = head.map((h, i) => Math.max(h.length, ...body.map((r) => r[i].length)));
  const line = (cells) => cells.map((c, i) => (i === 2 ? c.padStart(w[i]) : c.padEnd(w[i]))).join('  ').trimEnd();
  return [line(head), w.map((n) => '-'.repeat(n)).join('  '), ...body.map(line)].join('\n');
}

async function main() {
  const t0 = Date.now();
  const load = os.loadavg()[0];
  const busy = await cpuBusy(1000);
  console.error(
    `bench: ${CFG.connections} connections, ${CFG.warmup}s warm-up + ${CFG.seconds}s per run, loopback only; ` +
      `${os.cpus().length} cores, ${busy === null ? `load ${load.toFixed(2)}` : `${Math.round(busy * 100)}% busy before start`}`,
  );
  // the bench needs the machine to itself: the app (or floor) and autocannon each take a core
  if (busy !== null ? busy > 0.25 : load > 1.5) console.error('WARNING: the machine is busy with something else; numbers will be low and noisy');
  const rows = [];
  const broadcast = [];
  const quiz = [];
  const pledge = [];
  const ff = [];
  const skipped = [];
  const dbs = [];
  if (CFG.databases.includes('sqlite')) dbs.push(async () => freshSqlite());
  if (CFG.databases.includes('mysql')) {
    dbs.push(async () => {
      try {
        return await freshMysql(CFG.mysqlUrl);
      } catch (e) {
        const msg = `MariaDB/MySQL unreachable at ${CFG.mysqlUrl.replace(/\/\/[^@]*@/, '//***@')} (${e.code || e.message}): skipped`;
        console.error(`\n== ${msg}`);
        skipped.push(msg);
        return null;
      }
    });
  }
  for (const make of dbs) {
    const db = await make();
    if (!db) continue;
    onCleanup(() => db.drop());
    try {
      const r = await benchDatabase(db);
      rows.push(...r.rows);
      broadcast.push(...r.broadcast);
      quiz.push(...r.quiz);
      pledge.push(...r.pledge);
      ff.push(...r.ff);
    } finally {
      await cleanupAll();
      cleaning = null;
    }
  }

  const report = {
    date: new Date().toISOString(),
    node: process.version,
    cpus: os.cpus().length,
    loadAtStart: Math.round(load * 100) / 100,
    cpuBusyAtStart: busy,
    config: { connections: CFG.connections, seconds: CFG.seconds, warmupSeconds: CFG.warmup, residents: CFG.residents, loginUsers: CFG.loginUsers },
    floors: FLOOR_NOTES,
    skipped,
    results: rows,
    broadcast,
    quiz,
    pledge,
    ff,
    valid: (rows.length > 0 || quiz.length > 0 || pledge.length > 0 || ff.length > 0) && rows.every((r) => r.valid) && [...broadcast, ...quiz, ...pledge, ...ff].every((b) => b.valid || b.skipped),
    targetsMet: (rows.length > 0 || quiz.length > 0 || pledge.length > 0 || ff.length > 0) && rows.every((r) => r.targetMet) && [...broadcast, ...quiz, ...pledge, ...ff].every((b) => b.targetMet),
    durationSeconds: Math.round((Date.now() - t0) / 1000),
  };
  fs.mkdirSync(path.dirname(OUT_FILE), { recursive: true });
  fs.writeFileSync(OUT_FILE, `${JSON.stringify(report, null, 2)}\n`);

  console.log(`\n${table(rows)}`);
  if (broadcast.length) console.log(`\n${broadcastTable(broadcast)}`);
  if (quiz.length) console.log(`\n${broadcastTable(quiz)}`);
  if (pledge.length) console.log(`\n${pledgeTable(pledge)}`);
  if (ff.length) console.log(`\n${broadcastTable(ff)}`);
  console.log('\nfloor = bare node:http, same driver and database, doing:');
  for (const [k, v] of Object.entries(FLOOR_NOTES)) console.log(`  ${k}: ${v}`);
  for (const s of skipped) console.log(`NOTE: ${s}`);
  console.log(`\n${path.relative(ROOT_DIR, OUT_FILE)} written (${report.durationSeconds} s)`);
  console.log(
    `targets: app/floor >= ${CFG.minRatio} (open on MariaDB/MySQL: >= ${CFG.openMinRatio}) and app p99 <= ${CFG.maxP99} ms at ${CFG.connections} connections; ` +
      `dashboard p95 < ${CFG.dashboardMaxP95} ms; publish < ${CFG.publishMaxMs} ms; quiz stats p95 < ${CFG.quizStatsMaxP95} ms; ` +
      `quiz import < ${CFG.quizImportMaxMs} ms; quiz submit >= ${CFG.quizSubmitMinRatio} of its floor on MariaDB/MySQL (p99 reported); ` +
      `pledge submit >= ${CFG.pledgeCfg.submitMinRps}/s, pledge progress p95 < ${CFG.pledgeCfg.progressMaxP95} ms, pledge export < ${CFG.pledgeCfg.exportMaxMs} ms (on MariaDB/MySQL; reported on SQLite); ` +
      `Fraud-Free batch < ${CFG.ffCfg.batchMaxMs} ms, one unit's live indicators p95 < ${CFG.ffCfg.liveMaxP95} ms`,
  );
  if (!report.valid) {
    console.log('INVALID: a run had non-2xx responses, errors or timeouts (see the table)');
    process.exitCode = 1;
  }
  if (!report.targetsMet) {
    console.log(`MISSED: ${[...rows.filter((r) => !r.targetMet).map((r) => `${r.database} ${r.endpoint}`), ...[...broadcast, ...quiz, ...pledge, ...ff].filter((b) => !b.targetMet).map((b) => `${b.database} ${b.measure}${b.skipped ? ' (not built)' : ''}`)].join(', ')}`);
    if (busy !== null && busy > 0.25) console.log('(the machine was busy before the run: rerun on a quiet machine before trusting this)');
    process.exitCode = 1;
  }
}

if (require.main === module) {
  main()
    .catch((e) => {
      console.error(`bench failed: ${e.stack || e.message}`);
      process.exitCode = 1;
    })
    .finally(() => cleanupAll());
}
