'use strict';
// Data for the pledge benches (issue 5), written with multi-row SQL on the migrated schema with
// explicit ids: a town of bench schools (school → grades → classes) under the seeded county, class
// rosters in the app's formats (names encrypted with the server's own DataCipher from dist, student
// numbers normalized), signer accounts, school admins, and — for the tracking benches — a campaign's
// signatures with their hash chain computed by the server's own pledge-chain code (dist), so the
// campaign's chain check passes over them.

const crypto = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');
const { fakeName, insertRows } = require('./data');
const { nextId, rowMaker } = require('./quiz-stats');

const DIST = path.resolve(__dirname, '..', 'dist');
const CHUNK = 1000;
// Crockford base32 without I L O U, as the app's codes
const CODE_ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

function dist(rel) {
  const file = path.join(DIST, rel);
  if (!fs.existsSync(file)) throw new Error(`${file} is missing: build the server first (npm run build -w server)`);
  return require(file);
}

// The server's DataCipher with the bench's DATA_KEY: ciphertexts the app decrypts.
function serverCipher(dataKeyB64) {
  const { DataCipher } = dist('common/data-cipher.js');
  return new DataCipher({ dataKey: Buffer.from(dataKeyB64, 'base64') });
}

// What TypeORM writes for a datetime: UTC text (the app's MySQL connection runs at timezone 'Z'),
// with milliseconds on SQLite; whole seconds, as the app stores them.
function dbTime(kind, d) {
  const s = new Date(Math.floor(d.getTime() / 1000) * 1000).toISOString().replace('T', ' ');
  return kind === 'sqlite' ? s.replace('Z', '') : s.slice(0, 19);
}

// China year now: who is under 14 follows from it (isMinorByBirthYear).
const chinaYear = () => new Date(Date.now() + 8 * 3600_000).getUTCFullYear();

// A town of bench schools under the seeded county. Each school: `grades` grades of `classesPerGrade`
// classes of `perClass` students on its roster, and a school admin. Student i of a class: a minor
// (a guardian must sign) when `minor(i)`; student numbers unique within the school.
// Returns { town, schools: [{ id, path, name, admin, classes: [{ id, path, name, grade }], entries }] }
// with entries [{ id, classId, classPath, name, studentNo, minor }] in class order.
async function addSchools(conn, { dataKey, townName, schools, log = () => {} }) {
  const t0 = Date.now();
  const kind = conn.kind;
  const nowDate = new Date();
  const now = dbTime(kind, nowDate);
  const cipher = serverCipher(dataKey);
  const year = chinaYear();
  const [county] = await conn.all("SELECT id, path, depth FROM org_node WHERE kind = 'county' ORDER BY id LIMIT 1");
  if (!county) throw new Error('no county node: is the demo tree seeded?');

  const nodeRow = await rowMaker(conn, 'org_node', now);
  const entryRow = await rowMaker(conn, 'pledge_roster_entry', now);
  const userRow = await rowMaker(conn, 'user_account', now);
  const memberRow = await rowMaker(conn, 'membership', now);
  let nid = await nextId(conn, 'org_node');
  let eid = await nextId(conn, 'pledge_roster_entry');
  let uid = await nextId(conn, 'user_account');
  let mid = await nextId(conn, 'membership');
  const nodes = [];
  const node = (parent, k, name) => {
    const n = { id: nid++, parentId: parent.id, kind: k, name, path: `${parent.path}${nid - 1}/`, depth: Number(parent.depth) + 1 };
    nodes.push(nodeRow({ ...n, createdAt: now, updatedAt: now }));
    return n;
  };
  const town = node(county, 'town', townName);
  const entries = [];
  const users = [];
  const members = [];
  const out = [];
  let seq = 0;
  for (const [s, spec] of schools.entries()) {
    const school = node(town, 'school', spec.name);
    const admin = { id: uid++ };
    users.push(userRow({ id: admin.id, openid: `bench-pledge-admin-${town.id}-${s}`, displayName: `校管理员${s + 1}`, nameSet: 1, createdAt: now, updatedAt: now, lastLoginAt: now }));
    members.push(memberRow({ id: mid++, userId: admin.id, nodeId: school.id, nodePath: school.path, role: 'school_admin', source: 'seed', createdAt: now }));
    const item = { ...school, admin, classes: [], entries: [] };
    let no = 0;
    for (let g = 0; g < spec.grades; g++) {
      const grade = node(school, 'grade', `${g + 1}年级`);
      for (let c = 0; c < spec.classesPerGrade; c++) {
        const cls = node(grade, 'class', `${g + 1}年级${c + 1}班`);
        cls.grade = grade;
        item.classes.push(cls);
        for (let i = 0; i < spec.perClass; i++) {
          const minor = spec.minor(i, g);
          const e = { id: eid++, classId: cls.id, classPath: cls.path, name: fakeName(seq++), studentNo: `${2024 - g}${String(++no).padStart(5, '0')}`, minor };
          item.entries.push(e);
          entries.push(entryRow({
            id: e.id, schoolId: school.id, classId: cls.id, classPath: cls.path, nameEnc: cipher.encrypt(e.name), studentNo: e.studentNo,
            // minors: 12 this year; the others 15 (isMinorByBirthYear: at most 14 is a minor)
            birthYear: minor ? year - 12 : year - 15, guardianPhoneEnc: null, guardianPhoneHash: null, removedAt: null, createdAt: now, updatedAt: now,
          }));
        }
      }
    }
    out.push(item);
  }
  await conn.tx(async () => {
    await insertRows(conn, 'org_node', nodes, CHUNK);
    await insertRows(conn, 'user_account', users, CHUNK);
    await insertRows(conn, 'membership', members, CHUNK);
    await insertRows(conn, 'pledge_roster_entry', entries, CHUNK);
  });
  log(`pledge: town ${town.id} with ${out.length} school(s), ${nodes.length} nodes, ${entries.length} roster entries (${Math.round((Date.now() - t0) / 100) / 10} s)`);
  return { town, schools: out };
}

// `count` signer accounts (as after a first login): ids in order.
async function addSigners(conn, { prefix, count }) {
  const now = dbTime(conn.kind, new Date());
  const userRow = await rowMaker(conn, 'user_account', now);
  let uid = await nextId(conn, 'user_account');
  const ids = [];
  const rows = [];
  for (let i = 0; i < count; i++) {
    ids.push(uid);
    rows.push(userRow({ id: uid++, openid: `${prefix}-${i}`, displayName: `签署人${i}`, nameSet: 1, createdAt: now, updatedAt: now, lastLoginAt: now }));
  }
  await conn.tx(async () => insertRows(conn, 'user_account', rows, CHUNK));
  return ids;
}

function randomCode() {
  const b = crypto.randomBytes(10);
  let s = '';
  for (let i = 0; i < 10; i++) s += CODE_ALPHABET[b[i] & 31];
  return s;
}

// Signatures of `signed` roster entries of a published students campaign, as the signing transaction
// writes them: seq 1..n in time order over the last `days` days, each linked to the previous record's
// hash (genesis first), hashed with the server's recordHash over the decrypted signer name; minors
// signed by a guardian (own name, relationship, consent), the others by themselves. One stored PNG
// (content-addressed, under storageDir) serves as every record's image. Then the campaign's head.
// Returns { signed, byGuardian }.
async function addChainedSignatures(conn, { dataKey, storageDir, campaign, signed, signerIds, png, days = 10 }) {
  const { genesisHash, recordHash } = dist('modules/pledge/pledge-chain.js');
  const kind = conn.kind;
  const cipher = serverCipher(dataKey);
  const sigRow = await rowMaker(conn, 'pledge_signature', dbTime(kind, new Date()));
  const imageHash = crypto.createHash('sha256').update(png).digest('hex');
  const imageKey = `pledge/${campaign.id}/${imageHash}.png`;
  fs.mkdirSync(path.dirname(path.join(storageDir, imageKey)), { recursive: true });
  fs.writeFileSync(path.join(storageDir, imageKey), png);

  const end = Math.floor(Date.now() / 1000) * 1000 - 60_000;
  const start = end - days * 86400_000;
  const codes = new Set();
  let prev = genesisHash(campaign.id);
  let byGuardian = 0;
  const rows = [];
  let sid = await nextId(conn, 'pledge_signature');
  signed.forEach((e, k) => {
    const guardian = e.minor;
    if (guardian) byGuardian++;
    const signerName = guardian ? fakeName(e.id * 31 + 7) : e.name;
    let code;
    do code = randomCode();
    while (codes.has(code));
    codes.add(code);
    const rec = {
      campaignId: campaign.id,
      seq: k + 1,
      subjectKey: `r:${e.id}`,
      signerUserId: signerIds[k % signerIds.length],
      signerType: guardian ? 'guardian' : 'self',
      relationship: guardian ? (k % 2 ? 'mother' : 'father') : null,
      guardianConsent: guardian,
      unitName: null,
      signerTitle: null,
      textHash: campaign.textHash,
      imageHash,
      code,
      signedAt: new Date(start + Math.floor(((end - start) * k) / signed.length / 1000) * 1000),
      prevHash: prev,
    };
    const hash = recordHash(rec, signerName);
    prev = hash;
    rows.push(sigRow({
      ...rec, id: sid++, rosterEntryId: e.id, nodeId: e.classId, nodePath: e.classPath, signerNameEnc: cipher.encrypt(signerName), guardianConsent: guardian ? 1 : 0,
      templateVersionId: campaign.templateVersionId, imageKey, signedAt: dbTime(kind, rec.signedAt), recordHash: hash,
    }));
  });
  await conn.tx(async () => {
    await insertRows(conn, 'pledge_signature', rows, CHUNK);
    await conn.run('UPDATE pledge_campaign SET chainSeq = ?, chainHead = ? WHERE id = ?', [rows.length, rows.length ? prev : null, campaign.id]);
  });
  if (kind === 'sqlite') await conn.run('ANALYZE');
  else await conn.run('ANALYZE TABLE pledge_signature, pledge_roster_entry, pledge_campaign, org_node');
  return { signed: rows.length, byGuardian };
}

module.exports = { addSchools, addSigners, addChainedSignatures, serverCipher, dbTime, chinaYear };
