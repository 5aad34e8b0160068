'use strict';
// The floor: a bare node:http server doing the same database work as the app's endpoints, with the
// same driver and connection settings, and nothing else (no framework, no validation layer, no ORM).
// Run as a child process: env PORT, DATABASE_URL, JWT_SECRET, DATA_KEY, WECHAT_SECRET, ACCESS_TOKEN_TTL,
// REFRESH_TOKEN_TTL.

const http = require('node:http');
const crypto = require('node:crypto');
const jwt = require('jsonwebtoken');
const { maskName, maskPhone, subtreeRange, roleHas } = require('@wuzha/shared');
const { isSqliteUrl, sqliteFile } = require('./db');

const PORT = Number(process.env.PORT);
const URL_ = process.env.DATABASE_URL;
// A KeyObject: given a string, jsonwebtoken 9 first tries createPublicKey() on it and catches the
// throw, on every call. The floor takes the fast path (HMAC-SHA256 is the work; the throw is not).
const JWT_KEY = crypto.createSecretKey(Buffer.from(process.env.JWT_SECRET, 'utf8'));
const DATA_KEY = Buffer.from(process.env.DATA_KEY, 'base64');
const ACCESS_TTL = Number(process.env.ACCESS_TOKEN_TTL || 900);
const REFRESH_TTL = Number(process.env.REFRESH_TOKEN_TTL || 30 * 86400);

// Same AES-256-GCM format as the app's DataCipher: v1:<iv>:<tag>:<ct>.
function encrypt(plain) {
  const iv = crypto.randomBytes(12);
  const c = crypto.createCipheriv('aes-256-gcm', DATA_KEY, iv);
  const ct = Buffer.concat([c.update(plain, 'utf8'), c.final()]);
  return ['v1', iv.toString('base64'), c.getAuthTag().toString('base64'), ct.toString('base64')].join(':');
}
function decrypt(value) {
  const [, iv, tag, ct] = value.split(':');
  const d = crypto.createDecipheriv('aes-256-gcm', DATA_KEY, Buffer.from(iv, 'base64'));
  d.setAuthTag(Buffer.from(tag, 'base64'));
  return Buffer.concat([d.update(Buffer.from(ct, 'base64')), d.final()]).toString('utf8');
}
// The app's MockWechatClient.code2Session: `mock:<openid>`, session key an HMAC of the openid.
const WECHAT_SECRET = process.env.WECHAT_SECRET || 'dev-secret';
function mockCode2Session(code) {
  const openid = code.startsWith('mock:') ? code.slice(5) : '';
  if (!/^[A-Za-z0-9_-]{1,64}$/.test(openid)) return null;
  const sessionKey = crypto.createHmac('sha256', WECHAT_SECRET).update(`mock-session-key:${openid}`).digest().subarray(0, 16).toString('base64');
  return { openid, sessionKey };
}
// Same claims as AccessTokenService.sign.
function signAccess(userId) {
  const iat = Math.floor(Date.now() / 1000);
  return jwt.sign({ sub: String(userId), typ: 'access', iat, exp: iat + ACCESS_TTL }, JWT_KEY, { algorithm: 'HS256', noTimestamp: true });
}
const can = (grants, path, permission) => grants.some((g) => path.startsWith(g.nodePath) && roleHas(g.role, permission));

// The statements, as the app's services issue them (TypeORM findOneBy adds LIMIT 1 and selects every column):
//   login (UsersService.findOrCreateByOpenid + recordLogin, RefreshTokenService.issue; no transaction)
//   members (AccessService.scope + requireNode, OrgService.members, nodesByIds, MemberDirectory.masked)
const SQL = {
  userByOpenid:
    'SELECT id, openid, unionid, displayName, nameSet, phoneEnc, phoneHash, sessionKeyEnc, createdAt, updatedAt, lastLoginAt FROM user_account WHERE openid = ? LIMIT 1',
  insertUser:
    'INSERT INTO user_account (openid, unionid, displayName, nameSet, phoneEnc, phoneHash, sessionKeyEnc, createdAt, updatedAt, lastLoginAt) VALUES (?, NULL, ?, ?, NULL, NULL, NULL, ?, ?, ?)',
  touchUser: 'UPDATE user_account SET sessionKeyEnc = ?, lastLoginAt = ?, updatedAt = ? WHERE id = ?',
  insertRefresh: 'INSERT INTO refresh_token (userId, familyId, tokenHash, expiresAt, usedAt, revokedAt, createdAt) VALUES (?, ?, ?, ?, NULL, NULL, ?)',
  grants: 'SELECT id, role, nodeId, nodePath FROM membership WHERE userId = ?',
  node: 'SELECT id, parentId, kind, name, path, depth, createdAt, updatedAt FROM org_node WHERE id = ? LIMIT 1',
  page: 'SELECT id, userId, nodeId, nodePath, role, source, inviteId, createdAt FROM membership m WHERE (m.nodePath >= ? AND m.nodePath < ?) ORDER BY m.id ASC LIMIT ?',
  nodesIn: (n) => `SELECT id, parentId, kind, name, path, depth, createdAt, updatedAt FROM org_node WHERE id IN (${Array(n).fill('?').join(', ')})`,
  // open (ReachService.open: PublishedBulletins, GroupInfoReader via UsersService.getSessionKey, the group
  // lookup, insertOpenIgnoringDuplicate, firstConfirmedAt for a repeat)
  publishedBulletin: "SELECT id, townId, townPath, scopeKind FROM bulletin WHERE id = ? AND status = 'published' LIMIT 1",
  targets: 'SELECT id, nodePath FROM bulletin_target WHERE bulletinId = ?',
  sessionKey: 'SELECT id, sessionKeyEnc FROM user_account WHERE id = ? LIMIT 1',
  groupByOpengid: 'SELECT id, nodeId, nodePath, name FROM wechat_group WHERE opengid = ? LIMIT 1',
  firstConfirmed: 'SELECT id, confirmedAt FROM bulletin_open WHERE userId = ? AND bulletinId = ? AND confirmedAt IS NOT NULL ORDER BY confirmedAt ASC LIMIT 1',
  qAttempt: 'SELECT id, campaignId, userId, nodeId, nodePath, kind, status, paper, dayKey, startedAt, deadlineAt, submittedAt, elapsedSeconds, correct, total, percent, passed, hiddenCount, flagged, tally FROM quiz_attempt WHERE id = ? LIMIT 1',
  qCampaign:
    'SELECT id, townId, ownerNodeId, ownerPath, kind, title, intro, audience, roles, startsAt, endsAt, draw, questionCount, shuffleQuestions, shuffleOptions, timeLimitMinutes, attemptsPerDay, attemptsTotal, passPercent, counting, status, createdBy, createdAt, updatedAt, publishedAt, closedAt FROM quiz_campaign WHERE id = ? LIMIT 1',
  peopleIn: (n) => `SELECT u.id AS id, u.displayName AS displayName, u.phoneEnc AS phoneEnc FROM user_account u WHERE u.id IN (${Array(n).fill('?').join(', ')})`,
};

const sqlite = isSqliteUrl(URL_);
const backend = sqlite ? sqliteBackend() : mysqlBackend();

function sqliteBackend() {
  const Database = require('better-sqlite3');
  const db = new Database(sqliteFile(URL_));
  // the pragmas TypeORM's better-sqlite3 driver and the app's data source set
  db.pragma('foreign_keys = ON');
  db.pragma('journal_mode = WAL');
  db.pragma('busy_timeout = 5000');
  db.pragma('synchronous = NORMAL');
  // SQLite datetimes as TypeORM writes them: 'YYYY-MM-DD HH:MM:SS.mmm' UTC
  const ts = (d) => d.toISOString().replace('T', ' ').replace('Z', '');
  const st = {};
  for (const [k, v] of Object.entries(SQL)) if (typeof v === 'string') st[k] = db.prepare(v);
  // TypeORM's orIgnore() on SQLite
  st.insertOpen = db.prepare('INSERT OR IGNORE INTO bulletin_open (bulletinId, groupId, userId, openedAt, confirmedAt) VALUES (?, ?, ?, ?, NULL)');
  // statements with IN lists, cached per list length like TypeORM's statement cache
  const cache = new Map();
  const inList = (fn, n) => {
    const key = `${fn.name}:${n}`;
    let s = cache.get(key);
    if (!s) cache.set(key, (s = db.prepare(fn(n))));
    return s;
  };
  return {
    async findUser(openid) {
      return st.userByOpenid.get(openid);
    },
    async insertUser(openid, now) {
      return Number(st.insertUser.run(openid, '', 0, ts(now), ts(now), ts(now)).lastInsertRowid);
    },
    async touchUser(id, sessionKeyEnc, now) {
      st.touchUser.run(sessionKeyEnc, ts(now), ts(now), id);
    },
    async insertRefresh(userId, familyId, hash, expiresAt, now) {
      st.insertRefresh.run(userId, familyId, hash, ts(expiresAt), ts(now));
    },
    async grants(userId) {
      return st.grants.all(userId);
    },
    async node(id) {
      return st.node.get(id);
    },
    async page(lo, hi, limit) {
      return st.page.all(lo, hi, limit);
    },
    async nodesIn(ids) {
      return inList(SQL.nodesIn, ids.length).all(...ids);
    },
    async peopleIn(ids) {
      return inList(SQL.peopleIn, ids.length).all(...ids);
    },
    async one(name, params) {
      return st[name].get(...params);
    },
    async all(name, params) {
      return st[name].all(...params);
    },
    async insertOpen(bulletinId, groupId, userId, now) {
      return st.insertOpen.run(bulletinId, groupId, userId, ts(now)).changes > 0;
    },
    toIso: (v) => new Date(`${v.replace(' ', 'T')}Z`).toISOString(),
    ts,
    // quiz submit: statements built per request (IN lists, multi-row inserts), prepared once per text
    q(sql, params) {
      let s = cache.get(sql);
      if (!s) cache.set(sql, (s = db.prepare(sql)));
      return s.reader ? s.all(...params) : { affected: s.run(...params).changes };
    },
    // TypeORM's transaction on better-sqlite3; the body's statements are synchronous, so no other
    // request runs in between (the app's SQLite serializer gives the same)
    async tx(fn) {
      db.exec('BEGIN TRANSACTION');
      try {
        const r = await fn(async (sql, params) => this.q(sql, params));
        db.exec('COMMIT');
        return r;
      } catch (e) {
        db.exec('ROLLBACK');
        throw e;
      }
    },
  };
}

function mysqlBackend() {
  const mysql = require('mysql2/promise');
  // the app's TypeORM pool: poolSize 20, utf8mb4, timezone 'Z'; TypeORM sends text-protocol query(), not execute()
  const pool = mysql.createPool({ uri: URL_, connectionLimit: 20, charset: 'utf8mb4', timezone: 'Z' });
  const q = async (sql, params) => (await pool.query(sql, params))[0];
  return {
    async findUser(openid) {
      return (await q(SQL.userByOpenid, [openid]))[0];
    },
    async insertUser(openid, now) {
      return (await q(SQL.insertUser, [openid, '', 0, now, now, now])).insertId;
    },
    async touchUser(id, sessionKeyEnc, now) {
      await q(SQL.touchUser, [sessionKeyEnc, now, now, id]);
    },
    async insertRefresh(userId, familyId, hash, expiresAt, now) {
      await q(SQL.insertRefresh, [userId, familyId, hash, expiresAt, now]);
    },
    async grants(userId) {
      return q(SQL.grants, [userId]);
    },
    async node(id) {
      return (await q(SQL.node, [id]))[0];
    },
    async page(lo, hi, limit) {
      return q(SQL.page, [lo, hi, limit]);
    },
    async nodesIn(ids) {
      return q(SQL.nodesIn(ids.length), ids);
    },
    async peopleIn(ids) {
      return q(SQL.peopleIn(ids.length), ids);
    },
    async one(name, params) {
      return (await q(SQL[name], params))[0];
    },
    async all(name, params) {
      return q(SQL[name], params);
    },
    async insertOpen(bulletinId, groupId, userId, now) {
      // TypeORM's orIgnore() on MySQL/MariaDB
      const r = await q('INSERT IGNORE INTO bulletin_open (bulletinId, groupId, userId, openedAt, confirmedAt) VALUES (?, ?, ?, ?, NULL)', [bulletinId, groupId, userId, now]);
      return r.affectedRows > 0;
    },
    toIso: (v) => new Date(v).toISOString(),
    ts: (d) => d,
    async q(sql, params) {
      const r = await q(sql, params);
      return Array.isArray(r) ? r : { affected: r.affectedRows };
    },
    // as the app's submit: READ COMMITTED, retried on a deadlock or a lost unique-row race
    async tx(fn) {
      for (let i = 0; ; i++) {
        const conn = await pool.getConnection();
        // mysql2's callback connection under the promise wrapper (no stack captured per statement), as the app's rawTransaction
        const cq = (sql, params = []) => new Promise((ok, ko) => conn.connection.query(sql, params, (e, x) => (e ? ko(e) : ok(x))));
        try {
          await cq('SET TRANSACTION ISOLATION LEVEL READ COMMITTED');
          await cq('START TRANSACTION');
          const r = await fn(async (sql, params) => {
            const x = await cq(sql, params);
            return Array.isArray(x) ? x : { affected: x.affectedRows };
          });
          await cq('COMMIT');
          return r;
        } catch (e) {
          await cq('ROLLBACK').catch(() => undefined);
          if (i >= 8 || !(e.errno === 1213 || e.errno === 1062)) throw e;
          await new Promise((ok) => setTimeout(ok, 5 + Math.random() * 20 * (i + 1)));
        } finally {
          conn.release();
        }
      }
    },
  };
}

function send(res, status, body) {
  const json = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(json) });
  res.end(json);
}

function readBody(req) {
  return new Promise((resolve, reject) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

async function login(req, res) {
  const body = JSON.parse(await readBody(req));
  const session = mockCode2Session(String(body.code || ''));
  if (!session) return send(res, 400, { code: 'VALIDATION_FAILED' });
  let now = new Date();
  let user = await backend.findUser(session.openid);
  let isNew = false;
  if (!user) {
    user = { id: await backend.insertUser(session.openid, now) };
    isNew = true;
  }
  now = new Date();
  await backend.touchUser(user.id, encrypt(session.sessionKey), now);
  const token = crypto.randomBytes(32).toString('base64url');
  now = new Date();
  await backend.insertRefresh(user.id, crypto.randomBytes(16).toString('hex'), crypto.createHash('sha256').update(token, 'utf8').digest('hex'), new Date(now.getTime() + REFRESH_TTL * 1000), now);
  send(res, 200, {
    accessToken: signAccess(user.id),
    accessExpiresIn: ACCESS_TTL,
    refreshToken: token,
    refreshExpiresIn: REFRESH_TTL,
    userId: user.id,
    isNewUser: isNew,
  });
}

const MEMBERS_RE = /^\/api\/org\/nodes\/(\d+)\/members(?:\?(.*))?$/;

// The user id of a valid access token, or null.
function verify(req) {
  const h = /^Bearer\s+(\S+)\s*$/i.exec(req.headers.authorization || '');
  try {
    const claims = jwt.verify(h ? h[1] : '', JWT_KEY, { algorithms: ['HS256'] });
    if (claims.typ !== 'access' || !/^[1-9]\d{0,9}$/.test(claims.sub)) return null;
    return Number(claims.sub);
  } catch {
    return null;
  }
}

async function members(req, res, m) {
  const userId = verify(req);
  if (!userId) return send(res, 401, { code: 'TOKEN_INVALID' });
  const nodeId = Number(m[1]);
  const limit = Math.min(100, Number(new URLSearchParams(m[2] || '').get('limit') || 20));
  const grants = await backend.grants(userId);
  const node = await backend.node(nodeId);
  if (!node || !can(grants, node.path, 'node.read')) return send(res, 404, { code: 'NOT_FOUND' });
  if (!can(grants, node.path, 'members.read')) return send(res, 403, { code: 'FORBIDDEN' });
  const { lo, hi } = subtreeRange(node.path);
  const rows = await backend.page(lo, hi, limit + 1);
  const page = rows.slice(0, limit);
  const nodeIds = [...new Set(page.map((r) => r.nodeId))];
  const userIds = [...new Set(page.map((r) => r.userId))];
  const nodes = new Map(nodeIds.length ? (await backend.nodesIn(nodeIds)).map((n) => [n.id, n]) : []);
  const people = new Map(userIds.length ? (await backend.peopleIn(userIds)).map((u) => [u.id, u]) : []);
  const items = page.map((r) => {
    const n = nodes.get(r.nodeId);
    const u = people.get(r.userId);
    return {
      membershipId: r.id,
      userId: r.userId,
      displayName: maskName(u ? u.displayName : ''),
      phoneMasked: u && u.phoneEnc ? maskPhone(decrypt(u.phoneEnc)) : null,
      role: r.role,
      node: { id: n.id, name: n.name, kind: n.kind },
      joinedAt: backend.toIso(r.createdAt),
    };
  });
  const next = rows.length > limit ? Buffer.from(`k${page[page.length - 1].id}`, 'utf8').toString('base64url') : null;
  send(res, 200, { items, nextCursor: next });
}

// The app's caches on this path: published bulletins' scopes and users' session keys, 60 s each.
const WECHAT_APPID = process.env.WECHAT_APPID || 'wx0000000000000000';
const bulletinCache = new Map();
const keyCache = new Map();
async function publishedScope(id) {
  const hit = bulletinCache.get(id);
  if (hit && hit.until > Date.now()) return hit.value;
  const b = await backend.one('publishedBulletin', [id]);
  if (!b) return null;
  const targets = b.scopeKind === 'nodes' ? (await backend.all('targets', [id])).map((t) => t.nodePath) : [];
  const value = { townId: b.townId, townPath: b.townPath, scopeKind: b.scopeKind, targetPaths: targets };
  bulletinCache.set(id, { until: Date.now() + 60_000, value });
  return value;
}
async function sessionKey(userId) {
  const hit = keyCache.get(userId);
  if (hit && hit.until > Date.now()) return hit.key;
  const u = await backend.one('sessionKey', [userId]);
  if (!u || !u.sessionKeyEnc) return null;
  const key = decrypt(u.sessionKeyEnc);
  keyCache.set(userId, { key, until: Date.now() + 60_000 });
  return key;
}
// decryptWechatData + GroupInfoReader.openGid: AES-128-CBC with the session key, watermark checks.
function openGid(info, key) {
  try {
    const d = crypto.createDecipheriv('aes-128-cbc', Buffer.from(key, 'base64'), Buffer.from(info.iv, 'base64'));
    const plain = JSON.parse(Buffer.concat([d.update(Buffer.from(info.encryptedData, 'base64')), d.final()]).toString('utf8'));
    if (plain.watermark.appid !== WECHAT_APPID || Date.now() - plain.watermark.timestamp * 1000 > 3600_000) return null;
    return typeof plain.opengid === 'string' ? plain.opengid : null;
  } catch {
    return null;
  }
}
const inScope = (scope, g) =>
  g.nodeId === scope.townId || (scope.scopeKind === 'town' ? [scope.townPath] : scope.targetPaths).some((p) => g.nodePath.startsWith(p));

const OPEN_RE = /^\/api\/bulletins\/(\d+)\/open$/;

async function open(req, res, m) {
  const userId = verify(req);
  if (!userId) return send(res, 401, { code: 'TOKEN_INVALID' });
  const body = JSON.parse(await readBody(req));
  const bulletinId = Number(m[1]);
  const scope = await publishedScope(bulletinId);
  if (!scope) return send(res, 404, { code: 'NOT_FOUND' });
  let groupId = 0;
  let groupName = null;
  if (body.group) {
    const key = await sessionKey(userId);
    const opengid = key && openGid(body.group, key);
    if (!opengid) return send(res, 400, { code: 'WECHAT_DECRYPT_FAILED' });
    const g = await backend.one('groupByOpengid', [opengid]);
    if (g && inScope(scope, g)) {
      groupId = g.id;
      groupName = g.name;
    }
  }
  const now = new Date(Math.floor(Date.now() / 1000) * 1000);
  const added = await backend.insertOpen(bulletinId, groupId, userId, now);
  const confirmed = added ? null : await backend.one('firstConfirmed', [userId, bulletinId]);
  send(res, 200, { groupCounted: groupId !== 0, groupName, confirmedAt: confirmed && confirmed.confirmedAt ? backend.toIso(confirmed.confirmedAt) : null });
}

// ---- quiz submit (QuizAttemptService.submit): the attempt, its campaign and the paper's versions; then
// one transaction: the person's lock (MySQL), the conditional UPDATE, the answers in one insert, the
// participant, the aggregate upserts (node, type, question, week) and the 错题本.
const QUIZ_SUBMIT_RE = /^\/api\/quiz\/attempts\/(\d+)\/submit$/;
const QSQL = {
  versions: (n) =>
    `SELECT id, questionId, version, type, stem, options, answer, explanation, fraudTypes, audiences, difficulty, source, locked, createdBy, createdAt FROM question_version WHERE id IN (${Array(n).fill('?').join(', ')})`,
};
const STATS = [
  { table: 'quiz_node_stat', keys: ['campaignId', 'nodeId'], counters: ['participants', 'passed', 'correct', 'answered', 'attempts', 'flagged'] },
  { table: 'quiz_type_stat', keys: ['campaignId', 'nodeId', 'fraudType'], counters: ['correct', 'answered'] },
  { table: 'quiz_question_stat', keys: ['campaignId', 'nodeId', 'questionId'], counters: ['correct', 'answered'] },
  { table: 'quiz_week_stat', keys: ['campaignId', 'nodeId', 'weekStart'], counters: ['attempts', 'passed', 'correct', 'answered'] },
];
const sameSet = (a, b) => a.length === b.length && b.every((x) => a.includes(x)) && new Set(b).size === b.length;
const chinaDay = (d) => new Date(d.getTime() + 8 * 3600_000);
function weekStart(d) {
  const l = chinaDay(d);
  return new Date(l.getTime() - ((l.getUTCDay() + 6) % 7) * 86400_000).toISOString().slice(0, 10);
}
async function upsert(q, spec, rows) {
  const live = rows.filter((r) => spec.counters.some((c) => r[c] !== 0));
  if (!live.length) return;
  live.sort((a, b) => {
    for (const k of spec.keys) if (a[k] !== b[k]) return typeof a[k] === 'number' ? a[k] - b[k] : a[k] < b[k] ? -1 : 1;
    return 0;
  });
  const cols = [...spec.keys, 'nodePath', ...spec.counters];
  const set = spec.counters.map((c) => (sqlite ? `${c} = ${c} + excluded.${c}` : `${c} = ${c} + VALUES(${c})`)).join(', ');
  await q(
    `INSERT INTO ${spec.table} (${cols.join(', ')}) VALUES ${live.map(() => `(${cols.map(() => '?').join(', ')})`).join(', ')} ${sqlite ? `ON CONFLICT(${spec.keys.join(', ')}) DO UPDATE SET ${set}` : `ON DUPLICATE KEY UPDATE ${set}`}`,
    live.flatMap((r) => cols.map((c) => r[c])),
  );
}
const parse = (v) => (typeof v === 'string' ? JSON.parse(v) : v);
const lockedVersions = new Map();

async function quizSubmit(req, res, m) {
  const userId = verify(req);
  if (!userId) return send(res, 401, { code: 'TOKEN_INVALID' });
  const body = JSON.parse(await readBody(req));
  const a = await backend.one('qAttempt', [Number(m[1])]);
  if (!a || a.userId !== userId) return send(res, 404, { code: 'NOT_FOUND' });
  const c = a.campaignId ? await backend.one('qCampaign', [a.campaignId]) : null;
  const paper = parse(a.paper);
  // drawn versions never change: kept in memory, as the app does
  const missing = paper.filter((p) => !lockedVersions.has(p.v)).map((p) => p.v);
  if (missing.length) {
    for (const v of await backend.q(QSQL.versions(missing.length), missing)) lockedVersions.set(v.id, { ...v, options: parse(v.options), answer: parse(v.answer), fraudTypes: parse(v.fraudTypes) });
  }
  const versions = new Map(paper.map((p) => [p.v, lockedVersions.get(p.v)]));
  if (a.status !== 'open') {
    // handed in before: the stored result (the app rebuilds it from the answers)
    const stored = await backend.q('SELECT questionVersionId, chosen FROM quiz_answer WHERE attemptId = ?', [a.id]);
    return send(res, 200, { id: a.id, status: a.status, answered: stored.length });
  }
  const now = new Date(Math.floor(Date.now() / 1000) * 1000);
  const chosenOf = new Map();
  for (const x of body.answers || []) {
    const item = paper.find((p) => p.v === x.questionId);
    if (!item || x.chosen.some((d) => d >= item.o.length)) return send(res, 400, { code: 'QUIZ_ANSWER_NOT_IN_PAPER' });
    chosenOf.set(item.v, x.chosen.map((d) => item.o[d]));
  }
  const graded = paper.map((item) => {
    const v = versions.get(item.v);
    const chosen = chosenOf.get(item.v) || [];
    return { item, v, chosen, correct: chosen.length > 0 && sameSet(v.answer, chosen) };
  });
  const correct = graded.filter((g) => g.correct).length;
  const total = graded.length;
  const percent = Math.round((correct / total) * 100);
  const elapsed = Math.max(0, Math.floor((now.getTime() - new Date(backend.toIso(a.startedAt)).getTime()) / 1000));
  const passed = a.kind === 'exam' && c ? percent >= c.passPercent : null;
  const flagged = correct === total && elapsed < total * 2;
  const tally = { t: {}, q: {} };
  for (const g of graded) {
    for (const f of g.v.fraudTypes) (tally.t[f] ??= [0, 0]).splice(0, 2, tally.t[f][0] + (g.correct ? 1 : 0), tally.t[f][1] + 1);
    tally.q[String(g.item.q)] = g.correct ? 1 : 0;
  }
  const at = backend.ts(now);
  await backend.tx(async (q) => {
    if (!sqlite) await q('SELECT id FROM user_account WHERE id = ? FOR UPDATE', [userId]);
    const won = await q(
      'UPDATE quiz_attempt SET status = ?, submittedAt = ?, elapsedSeconds = ?, correct = ?, percent = ?, passed = ?, hiddenCount = ?, flagged = ?, tally = ? WHERE id = ? AND status = ?',
      ['submitted', at, elapsed, correct, percent, passed === null ? null : passed ? 1 : 0, body.hiddenCount || 0, flagged ? 1 : 0, JSON.stringify(tally), a.id, 'open'],
    );
    if (!won.affected) return;
    await q(`INSERT INTO quiz_answer (attemptId, questionId, questionVersionId, chosen, correct) VALUES ${graded.map(() => '(?, ?, ?, ?, ?)').join(', ')}`,
      graded.flatMap((g) => [a.id, g.item.q, g.item.v, [...g.chosen].sort((x, y) => x - y).join(','), g.correct ? 1 : 0]));
    const right = graded.filter((g) => g.correct).map((g) => g.item.q);
    const wrong = graded.filter((g) => !g.correct).sort((x, y) => x.item.q - y.item.q);
    if (right.length) await q(`DELETE FROM quiz_mistake WHERE userId = ? AND questionId IN (${right.map(() => '?').join(', ')})`, [userId, ...right]);
    if (wrong.length) {
      const v = (col) => (sqlite ? `excluded.${col}` : `VALUES(${col})`);
      const set = `wrongCount = wrongCount + 1, questionVersionId = ${v('questionVersionId')}, lastChosen = ${v('lastChosen')}, lastWrongAt = ${v('lastWrongAt')}`;
      await q(`INSERT INTO quiz_mistake (userId, questionId, questionVersionId, lastChosen, wrongCount, lastWrongAt) VALUES ${wrong.map(() => '(?, ?, ?, ?, ?, ?)').join(', ')} ${sqlite ? `ON CONFLICT(userId, questionId) DO UPDATE SET ${set}` : `ON DUPLICATE KEY UPDATE ${set}`}`,
        wrong.flatMap((g) => [userId, g.item.q, g.item.v, [...g.chosen].sort((x, y) => x - y).join(','), 1, at]));
    }
    if (a.kind === 'exam' && c) {
      const [prev] = await q('SELECT id, nodeId, nodePath, countedAttemptId, correct, total, percent, passed FROM quiz_participant WHERE campaignId = ? AND userId = ?', [c.id, userId]);
      const counts = !prev || c.counting === 'last' || percent > prev.percent;
      const base = { campaignId: c.id, nodeId: a.nodeId, nodePath: a.nodePath };
      const node = { ...base, participants: 0, passed: 0, correct: 0, answered: 0, attempts: 1, flagged: flagged ? 1 : 0 };
      const types = [];
      const questions = [];
      if (counts) {
        Object.assign(node, { participants: 1, passed: passed ? 1 : 0, correct, answered: total });
        for (const [f, [ok, n]] of Object.entries(tally.t)) types.push({ ...base, fraudType: f, correct: ok, answered: n });
        for (const [qid, ok] of Object.entries(tally.q)) questions.push({ ...base, questionId: Number(qid), correct: ok, answered: 1 });
      }
      // (a replaced counting attempt's subtraction is not exercised: every bench attempt is a first one)
      if (!prev) {
        await q('INSERT INTO quiz_participant (campaignId, userId, nodeId, nodePath, countedAttemptId, correct, total, percent, passed, attempts, updatedAt) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?)',
          [c.id, userId, a.nodeId, a.nodePath, a.id, correct, total, percent, passed ? 1 : 0, at]);
      } else {
        await q('UPDATE quiz_participant SET attempts = attempts + 1, updatedAt = ? WHERE id = ?', [at, prev.id]);
      }
      await upsert(q, STATS[0], [node]);
      await upsert(q, STATS[1], types);
      await upsert(q, STATS[2], questions);
      await upsert(q, STATS[3], [{ ...base, weekStart: weekStart(now), attempts: 1, passed: passed ? 1 : 0, correct, answered: total }]);
    }
  });
  const disp = (item, bank) => bank.map((b) => item.o.indexOf(b)).sort((x, y) => x - y);
  send(res, 200, {
    id: a.id,
    kind: a.kind,
    campaign: c ? { id: c.id, title: c.title, passPercent: c.passPercent } : null,
    status: 'submitted',
    startedAt: backend.toIso(a.startedAt),
    deadline: a.deadlineAt ? backend.toIso(a.deadlineAt) : null,
    serverNow: new Date().toISOString(),
    questions: graded.map((g, i) => ({ questionId: g.item.v, no: i + 1, type: g.v.type, stem: g.v.stem, options: g.item.o.map((b) => g.v.options[b]) })),
    result: {
      correct, total, percent, passed, elapsedSeconds: elapsed,
      items: graded.map((g, i) => ({
        questionId: g.item.v, no: i + 1, type: g.v.type, stem: g.v.stem, options: g.item.o.map((b) => g.v.options[b]),
        chosen: disp(g.item, g.chosen), answer: disp(g.item, g.v.answer), correct: g.correct, explanation: g.v.explanation, source: g.v.source, fraudTypes: g.v.fraudTypes,
      })),
      certificateUrl: passed ? `/api/quiz/certificates/${a.id}?exp=0&sig=${crypto.createHmac('sha256', DATA_KEY).update(`cert.${a.id}`).digest('base64url')}` : null,
    },
  });
}

const server = http.createServer((req, res) => {
  let p;
  const om = req.method === 'POST' && OPEN_RE.exec(req.url);
  const qm = !om && req.method === 'POST' && QUIZ_SUBMIT_RE.exec(req.url);
  if (om) p = open(req, res, om);
  else if (qm) p = quizSubmit(req, res, qm);
  else if (req.method === 'POST' && req.url === '/api/auth/login') p = login(req, res);
  else if (req.method === 'GET' && req.url === '/health') return send(res, 200, { ok: true });
  else {
    const m = req.method === 'GET' && MEMBERS_RE.exec(req.url);
    if (!m) return send(res, 404, { code: 'NOT_FOUND' });
    p = members(req, res, m);
  }
  p.catch((err) => {
    console.error(err);
    if (!res.headersSent) send(res, 500, { code: 'INTERNAL' });
  });
});
// like the app (Fastify's default): keep-alive, no per-request logging
server.keepAliveTimeout = 72_000;
server.listen(PORT, '127.0.0.1', () => {
  if (process.send) process.send({ ready: true, port: server.address().port });
});
for (const sig of ['SIGTERM', 'SIGINT']) {
  process.on(sig, () => {
    setTimeout(() => process.exit(0), 500).unref();
    server.close(() => process.exit(0));
    server.closeAllConnections();
  });
}
// the harness is gone (even killed): do not outlive it
process.on('disconnect', () => process.exit(0));
