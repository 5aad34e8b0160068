'use strict';
// Fraud-Free indicators at county scale (issue 6). On the county of county.js (15 towns × 20 villages ×
// 10 grids, 300,000 residents, 6,000 bound groups) this adds, with multi-row SQL and explicit ids:
//   - `units` organisations spread over the 15 towns (enterprises and institutions with a contact and
//     10 staff, buildings with a contact and 10 residents, schools with an admin, 2 teachers and two
//     classes of 40 students on the roster), under the towns, their villages and grids;
//   - per town three exam campaigns (residents, unit staff, students) overlapping the period, with the
//     aggregate rows (quiz_node_stat) of `attempts` submitted attempts over them;
//   - per town residents, units and staff pledge campaigns and a students campaign per school, with
//     `pledges` signatures in all (well-formed chained rows: seq, unique codes, 64-hex hashes; the hashes
//     are not recomputed, this bench does not verify them);
//   - per town 20 bulletins published in the period with their forwarding tasks (villages, units, and the
//     grids of the villages that forwarded; on time, late or never) and `opens` opens in all from the
//     bound groups (insert-only, as county.js writes opens);
//   - feedback threads, ledger activities and monthly case figures of villages and units;
//   - per town the four programs (the kinds' default indicator sets) over the last 90 China days.
// Then, against the running app: ff.compute of every program (the batch; target: all of them together
// under BENCH_FF_BATCH_MAX_MS), checked against the live view of sample organisations; and sequential
// ff.indicators of one unit as its contact (target: p95 under BENCH_FF_LIVE_MAX_P95_MS).

const crypto = require('node:crypto');
const { columns, filler } = require('./db');
const { cipher, fakeName, insertRows } = require('./data');
const { dbTime } = require('./pledge-data');

const HOUR = 3600_000;
const DAY = 24 * HOUR;
const PERIOD_DAYS = 90;
const BULLETINS_PER_TOWN = 20;
const CHUNK = 1000;
const OPEN_CHUNK = 2000;
const PROGRAM_KINDS = ['community', 'unit', 'campus', 'building'];
const CODE_ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
// the default indicator sets (shared/src/fraud-free.ts DEFAULT_INDICATORS), read from the built package
const { DEFAULT_INDICATORS } = require('@wuzha/shared');

const chinaDay = (d) => new Date(d.getTime() + 8 * HOUR).toISOString().slice(0, 10);
const addDays = (day, n) => new Date(Date.parse(`${day}T00:00:00Z`) + n * DAY).toISOString().slice(0, 10);
const round = (x) => Math.round(x * 10) / 10;

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

function codes() {
  const seen = new Set();
  return () => {
    for (;;) {
      const b = crypto.randomBytes(10);
      let s = '';
      for (let i = 0; i < 10; i++) s += CODE_ALPHABET[b[i] & 31];
      if (!seen.has(s)) {
        seen.add(s);
        return s;
      }
    }
  };
}

async function addFfCounty(conn, county, { units: unitCount, attempts, pledges, opens, dataKey, log = () => {} }) {
  const t0 = Date.now();
  const kind = conn.kind;
  const nowDate = new Date();
  const ts = (d) => dbTime(kind, d);
  const now = ts(nowDate);
  const today = chinaDay(nowDate);
  const periodStart = addDays(today, -(PERIOD_DAYS - 1));
  const start = Date.parse(`${periodStart}T00:00:00+08:00`);
  const end = nowDate.getTime() - 2 * DAY;
  // a moment in the period (f in [0, 1)), at least two days ago
  const inPeriod = (f) => new Date(start + Math.floor(f * (end - start)));
  const c = cipher(dataKey);
  const towns = county.towns;
  const T = towns.length;
  const elapsed = () => `${Math.round((Date.now() - t0) / 100) / 10} s`;

  // ---- residents of the county's grids (county.js: 100 a grid), by grid
  const gridById = new Map();
  for (const town of towns) for (const v of town.villages) for (const g of v.grids) gridById.set(g.id, { grid: g, village: v, town });
  const residentsOf = new Map();
  const hi = `${county.county.path.slice(0, -1)}0`;
  for (const m of await conn.all("SELECT userId, nodeId FROM membership WHERE role = 'resident' AND nodePath >= ? AND nodePath < ? ORDER BY nodeId, userId", [county.county.path, hi])) {
    if (!gridById.has(Number(m.nodeId))) continue;
    const list = residentsOf.get(Number(m.nodeId)) ?? [];
    list.push(Number(m.userId));
    residentsOf.set(Number(m.nodeId), list);
  }

  // ---- organisations, their people and rosters
  const nodeRow = await rowMaker(conn, 'org_node', now);
  const userRow = await rowMaker(conn, 'user_account', now);
  const memberRow = await rowMaker(conn, 'membership', now);
  const entryRow = await rowMaker(conn, 'pledge_roster_entry', now);
  let nid = await nextId(conn, 'org_node');
  let uid = await nextId(conn, 'user_account');
  let mid = await nextId(conn, 'membership');
  let eid = await nextId(conn, 'pledge_roster_entry');
  const nodes = [];
  const users = [];
  const members = [];
  const entries = [];
  const node = (parent, k, name) => {
    const n = { id: nid++, parentId: parent.id, kind: k, name, path: `${parent.path}${nid - 1}/`, depth: Number(parent.depth) + 1 };
    nodes.push(nodeRow({ ...n, createdAt: now, updatedAt: now }));
    return n;
  };
  const person = (openid, name) => {
    const id = uid++;
    users.push(userRow({ id, openid, displayName: name, nameSet: 1, createdAt: now, updatedAt: now, lastLoginAt: now }));
    return id;
  };
  const member = (userId, n, role) => members.push(memberRow({ id: mid++, userId, nodeId: n.id, nodePath: n.path, role, source: 'invite', createdAt: now }));
  const nameEnc = c.encrypt('测试学生');
  for (const town of towns) town.units = [];
  const year = Number(today.slice(0, 4));
  for (let u = 0; u < unitCount; u++) {
    const town = towns[u % T];
    const k = Math.floor(u / T);
    const v = town.villages[k % town.villages.length];
    const r = k % 10;
    const ukind = r < 6 ? 'enterprise' : r === 6 ? 'institution' : r < 9 ? 'building' : 'school';
    const parent = ukind === 'school' ? town : ukind === 'building' ? (k % 2 === 0 ? v.grids[k % v.grids.length] : v) : k % 3 === 0 ? v : town;
    const unit = node(parent, ukind, `${town.name}${ukind === 'school' ? '学校' : ukind === 'building' ? '楼宇' : '单位'}${k + 1}`);
    unit.town = town;
    unit.village = parent === town ? null : v;
    unit.people = [];
    town.units.push(unit);
    if (ukind === 'school') {
      unit.admin = person(`ff-school-admin-${u}`, fakeName(u));
      member(unit.admin, unit, 'school_admin');
      unit.teachers = [person(`ff-teacher-${u}-1`, fakeName(u + 1)), person(`ff-teacher-${u}-2`, fakeName(u + 2))];
      for (const id of unit.teachers) member(id, unit, 'teacher');
      const grade = node(unit, 'grade', '七年级');
      unit.classes = [1, 2].map((i) => {
        const cls = node(grade, 'class', `七年级${i}班`);
        cls.students = [];
        cls.entries = [];
        for (let s = 0; s < 40; s++) {
          const id = person(`ff-student-${u}-${i}-${s}`, fakeName(s));
          member(id, cls, 'student');
          cls.students.push(id);
          const e = eid++;
          cls.entries.push(e);
          entries.push(entryRow({ id: e, schoolId: unit.id, classId: cls.id, classPath: cls.path, nameEnc, studentNo: `${u}${i}${String(s).padStart(3, '0')}`, birthYear: year - 13, guardianPhoneEnc: null, guardianPhoneHash: null, removedAt: null, createdAt: now, updatedAt: now }));
        }
        return cls;
      });
    } else {
      unit.contact = person(`ff-contact-${u}`, fakeName(u + 3));
      member(unit.contact, unit, 'unit_contact');
      for (let s = 0; s < 10; s++) {
        const id = person(`ff-staff-${u}-${s}`, fakeName(u * 10 + s));
        member(id, unit, 'resident');
        unit.people.push(id);
      }
    }
  }
  const countyAdmin = person('ff-county-admin', '县反诈中心');
  member(countyAdmin, county.county, 'town_admin');
  await conn.tx(async () => {
    await insertRows(conn, 'org_node', nodes, CHUNK);
    await insertRows(conn, 'user_account', users, CHUNK);
    await insertRows(conn, 'membership', members, CHUNK);
    await insertRows(conn, 'pledge_roster_entry', entries, CHUNK);
  });
  log(`ff: ${unitCount} organisations (${nodes.length} nodes), ${users.length} people, ${entries.length} roster entries (${elapsed()})`);
  const isUnit = (n) => n.kind === 'enterprise' || n.kind === 'institution';

  // ---- quizzes: per town residents, staff and students campaigns; aggregates of `attempts` attempts
  const qcRow = await rowMaker(conn, 'quiz_campaign', now);
  const qsRow = await rowMaker(conn, 'quiz_node_stat', now);
  let qcid = await nextId(conn, 'quiz_campaign');
  const quizCampaigns = [];
  const stats = [];
  const campaignRow = (town, title, audience, roles) => {
    const id = qcid++;
    quizCampaigns.push(qcRow({
      id, townId: town.id, ownerNodeId: town.id, ownerPath: town.path, kind: 'exam', title, intro: '', audience: JSON.stringify(audience.map((a) => ({ nodeId: a.id, path: a.path }))),
      roles: JSON.stringify(roles), startsAt: ts(new Date(start - 10 * DAY)), endsAt: ts(new Date(nowDate.getTime() + 7 * DAY)), draw: JSON.stringify({ mode: 'random', rules: [{ count: 10 }] }),
      questionCount: 10, shuffleQuestions: 1, shuffleOptions: 1, timeLimitMinutes: 20, attemptsPerDay: null, attemptsTotal: null, passPercent: 60, counting: 'best', status: 'published',
      createdBy: countyAdmin, createdAt: now, updatedAt: now, publishedAt: ts(new Date(start - 10 * DAY)), closedAt: null,
    }));
    return id;
  };
  const stat = (campaignId, n, population, salt) => {
    const participants = Math.floor(population * (0.7 + ((salt * 7) % 25) / 100));
    const passed = Math.floor(participants * (0.75 + ((salt * 11) % 24) / 100));
    stats.push({ campaignId, nodeId: n.id, nodePath: n.path, participants, passed });
  };
  for (const town of towns) {
    const qr = campaignRow(town, `${town.name}居民反诈知识测评`, [town], ['resident']);
    const unitsOf = town.units.filter(isUnit);
    const qt = campaignRow(town, `${town.name}职工反诈知识测评`, unitsOf, ['resident', 'unit_contact']);
    const schools = town.units.filter((n) => n.kind === 'school');
    const qs = schools.length ? campaignRow(town, `${town.name}学生反诈知识测评`, schools, ['student']) : null;
    for (const v of town.villages) for (const g of v.grids) stat(qr, g, (residentsOf.get(g.id) ?? []).length, g.id);
    for (const n of town.units) {
      if (n.kind === 'building') stat(qr, n, n.people.length, n.id);
      if (isUnit(n)) {
        stat(qr, n, n.people.length, n.id);
        stat(qt, n, n.people.length + 1, n.id + 1);
      }
      if (n.kind === 'school') for (const cls of n.classes) stat(qs, cls, cls.students.length, cls.id);
    }
  }
  // the attempts behind the aggregates: spread over the participants, `attempts` in all
  const participantsAll = stats.reduce((a, s) => a + s.participants, 0);
  let dealt = 0;
  for (const s of stats) {
    s.attempts = Math.floor((s.participants * attempts) / Math.max(1, participantsAll));
    dealt += s.attempts;
  }
  if (stats.length) stats[0].attempts += attempts - dealt;
  await conn.tx(async () => {
    await insertRows(conn, 'quiz_campaign', quizCampaigns, CHUNK);
    await insertRows(conn, 'quiz_node_stat', stats.map((s) => qsRow({ ...s, correct: s.passed * 8 + (s.participants - s.passed) * 4, answered: s.participants * 10, flagged: 0 })), CHUNK);
  });
  log(`ff: ${quizCampaigns.length} quiz campaigns, ${stats.length} node aggregates of ${attempts} attempts by ${participantsAll} participants (${elapsed()})`);

  // ---- pledges: residents, units, staff per town; students per school; `pledges` signatures in all
  const templates = new Map();
  for (const r of await conn.all('SELECT t.id AS id, t.kind AS kind, t.currentVersionId AS versionId, v.textHash AS textHash FROM pledge_template t INNER JOIN pledge_template_version v ON v.id = t.currentVersionId WHERE t.townId = 0')) {
    if (!templates.has(r.kind)) templates.set(r.kind, { id: Number(r.id), versionId: Number(r.versionId), textHash: r.textHash });
  }
  for (const k of ['resident', 'unit', 'staff', 'student']) if (!templates.has(k)) throw new Error(`no built-in ${k} pledge text: has the app synced its texts?`);
  const pcRow = await rowMaker(conn, 'pledge_campaign', now);
  const sigRow = await rowMaker(conn, 'pledge_signature', now);
  let pcid = await nextId(conn, 'pledge_campaign');
  let sid = await nextId(conn, 'pledge_signature');
  const code = codes();
  const signerNameEnc = c.encrypt('签署人');
  const imageHash = crypto.createHash('sha256').update('ff-bench-signature').digest('hex');
  const pledgeCampaigns = [];
  // subjects per campaign: [{ key, nodeId, nodePath, userId, rosterEntryId }]
  const plans = [];
  const pledgeCampaign = (town, owner, tkind, audience, title, scope, subjects) => {
    const tpl = templates.get(tkind);
    const id = pcid++;
    const row = {
      id, townId: town.id, ownerNodeId: owner.id, ownerPath: owner.path, templateId: tpl.id, templateVersionId: tpl.versionId, kind: tkind, audience, title, intro: '',
      scope: JSON.stringify(scope.map((n) => ({ nodeId: n.id, path: n.path }))), deadline: ts(new Date(nowDate.getTime() + 10 * DAY)), targetPercent: 100, guardianSigns: 0,
      status: 'published', chainSeq: 0, chainHead: null, createdBy: countyAdmin, createdAt: ts(new Date(start + DAY)), updatedAt: now, publishedAt: ts(new Date(start + DAY)), closedAt: null,
    };
    pledgeCampaigns.push(row);
    plans.push({ row, textHash: tpl.textHash, subjects });
  };
  for (const town of towns) {
    const residents = [];
    for (const v of town.villages) for (const g of v.grids) for (const userId of residentsOf.get(g.id) ?? []) residents.push({ key: `u:${userId}`, nodeId: g.id, nodePath: g.path, userId });
    for (const n of town.units) if (n.kind === 'building') for (const userId of n.people) residents.push({ key: `u:${userId}`, nodeId: n.id, nodePath: n.path, userId });
    pledgeCampaign(town, town, 'resident', 'residents', `${town.name}居民反诈承诺书`, [town], residents);
    // units: 9 in 10 sign
    const signing = town.units.filter((n) => n.kind !== 'school').filter((_, i) => i % 10 !== 9);
    pledgeCampaign(town, town, 'unit', 'units', `${town.name}企业防电诈倡议书`, [town], signing.map((n) => ({ key: `n:${n.id}`, nodeId: n.id, nodePath: n.path, userId: n.contact })));
    // staff: 8 in 10 of the enterprises' and institutions' staff
    const staff = town.units.filter(isUnit).flatMap((n) => n.people.filter((_, i) => i < 8).map((userId) => ({ key: `u:${userId}`, nodeId: n.id, nodePath: n.path, userId })));
    pledgeCampaign(town, town, 'staff', 'staff', `${town.name}职工反诈承诺书`, [town], staff);
    for (const school of town.units.filter((n) => n.kind === 'school')) {
      // 35 of each class of 40
      const students = school.classes.flatMap((cls) => cls.entries.filter((_, i) => i < 35).map((e, i) => ({ key: `r:${e}`, nodeId: cls.id, nodePath: cls.path, userId: cls.students[i], rosterEntryId: e })));
      pledgeCampaign(town, school, 'student', 'students', `${school.name}学生反诈承诺书`, [school], students);
    }
  }
  // every plan but the residents' signs fully; residents sign as many as the total needs
  const others = plans.filter((p) => p.row.audience !== 'residents').reduce((a, p) => a + p.subjects.length, 0);
  const residentPlans = plans.filter((p) => p.row.audience === 'residents');
  const residentSlots = residentPlans.reduce((a, p) => a + p.subjects.length, 0);
  const share = Math.max(0, Math.min(1, (pledges - others) / Math.max(1, residentSlots)));
  let signatures = 0;
  await conn.tx(async () => {
    await insertRows(conn, 'pledge_campaign', pledgeCampaigns, CHUNK);
    let left = Math.max(0, pledges - others);
    for (const [i, plan] of plans.entries()) {
      let subjects = plan.subjects;
      if (plan.row.audience === 'residents') {
        // the last residents campaign takes the rounding
        const n = i === plans.lastIndexOf(residentPlans[residentPlans.length - 1]) ? left : Math.min(left, Math.round(subjects.length * share));
        // every k-th resident, so villages and grids are partly signed
        const step = subjects.length / Math.max(1, n);
        subjects = Array.from({ length: Math.min(n, subjects.length) }, (_, j) => subjects[Math.floor(j * step)]);
        left -= subjects.length;
      }
      const rows = [];
      let prev = crypto.createHash('sha256').update(`genesis:${plan.row.id}`).digest('hex');
      subjects.forEach((s, k) => {
        const hash = crypto.createHash('sha256').update(`${plan.row.id}:${k}:${prev}`).digest('hex');
        rows.push(sigRow({
          id: sid++, campaignId: plan.row.id, seq: k + 1, subjectKey: s.key, rosterEntryId: s.rosterEntryId ?? null, nodeId: s.nodeId, nodePath: s.nodePath, signerUserId: s.userId,
          signerType: plan.row.audience === 'units' ? 'unit' : 'self', signerNameEnc, relationship: null, guardianConsent: 0, unitName: plan.row.audience === 'units' ? '单位' : null,
          signerTitle: plan.row.audience === 'units' ? '负责人' : null, templateVersionId: plan.row.templateVersionId, textHash: plan.textHash, imageHash, imageKey: `pledge/${plan.row.id}/${imageHash}.png`,
          code: code(), signedAt: ts(inPeriod((k + 0.5) / subjects.length)), prevHash: prev, recordHash: hash,
        }));
        prev = hash;
      });
      await insertRows(conn, 'pledge_signature', rows, CHUNK);
      if (rows.length) await conn.run('UPDATE pledge_campaign SET chainSeq = ?, chainHead = ? WHERE id = ?', [rows.length, prev, plan.row.id]);
      signatures += rows.length;
    }
  });
  log(`ff: ${pledgeCampaigns.length} pledge campaigns, ${signatures} signatures (${elapsed()})`);

  // ---- bulletins, forwarding tasks, opens
  const bRow = await rowMaker(conn, 'bulletin', now);
  const tRow = await rowMaker(conn, 'forward_task', now);
  let bid = await nextId(conn, 'bulletin');
  let tid = await nextId(conn, 'forward_task');
  const bulletins = [];
  const tasks = [];
  for (const [ti, town] of towns.entries()) {
    town.bulletins = [];
    for (let b = 0; b < BULLETINS_PER_TOWN; b++) {
      const published = inPeriod((b + 0.3) / BULLETINS_PER_TOWN);
      const deadline = new Date(published.getTime() + DAY);
      const id = bid++;
      town.bulletins.push({ id, published });
      bulletins.push(bRow({
        id, townId: town.id, townPath: town.path, authorId: countyAdmin, title: `第${b + 1}期反诈预警`, summary: '反诈预警', body: JSON.stringify([{ type: 'paragraph', runs: [{ text: '反诈预警' }] }]),
        category: 'warning', fraudTypes: '[]', urgency: 'normal', scopeKind: 'town', status: 'published', forwardDeadline: ts(deadline), publishAt: null, reviewerId: null, returnReason: null,
        contentCheck: null, createdAt: ts(published), updatedAt: ts(published), submittedAt: ts(published), reviewedAt: ts(published), publishedAt: ts(published),
      }));
      // 8 in 10 on time, 1 late, 1 never; a village that forwarded opens its grids' tasks
      const task = (n, level, parentTaskId, salt) => {
        const r = (salt * 7 + b * 3 + ti) % 10;
        const status = r === 9 ? 'pending' : r === 8 ? 'offline' : 'forwarded';
        const at = status === 'pending' ? null : new Date(published.getTime() + (r === 7 ? 30 * HOUR : (1 + (salt % 20)) * HOUR));
        const id = tid++;
        tasks.push(tRow({ id, bulletinId: bulletins[bulletins.length - 1].id, nodeId: n.id, nodePath: n.path, level, parentTaskId, status, deadline: ts(deadline), forwardedAt: at ? ts(at) : null, forwardedBy: at ? countyAdmin : null, offlineNote: status === 'offline' ? '村广播' : null, offlinePhotoId: null, lastRemindedAt: null, createdAt: ts(published) }));
        return { id, status };
      };
      for (const v of town.villages) {
        const vt = task(v, 1, null, v.id);
        if (vt.status !== 'pending') for (const g of v.grids) task(g, 2, vt.id, g.id);
      }
      for (const n of town.units) if (n.kind !== 'school') task(n, 1, null, n.id);
    }
  }
  await conn.tx(async () => {
    await insertRows(conn, 'bulletin', bulletins, CHUNK);
    await insertRows(conn, 'forward_task', tasks, CHUNK);
  });
  // opens: per bulletin a run of the town's residents, each from their grid's first or second group
  // (the village groups and some second groups stay unopened), `opens` in all; rows streamed per chunk
  const openCols = (await columns(conn, 'bulletin_open')).filter((col) => col.required && !['bulletinId', 'groupId', 'userId', 'openedAt'].includes(col.name));
  if (openCols.length) throw new Error(`bulletin_open has new required columns: ${openCols.map((x) => x.name).join(', ')}`);
  const perBulletin = Math.ceil(opens / (T * BULLETINS_PER_TOWN));
  let written = 0;
  for (const town of towns) {
    const readers = [];
    for (const v of town.villages) {
      v.grids.forEach((g, gi) => {
        for (const [k, userId] of (residentsOf.get(g.id) ?? []).entries()) {
          // the second group of every other grid, the first otherwise; a few grids' groups never opened
          const group = g.groups[k % 2 === 1 && gi % 2 === 0 && g.groups[1] ? 1 : 0];
          if (gi === v.grids.length - 1 && v.id % 3 === 0) continue;
          readers.push([userId, group.id]);
        }
      });
    }
    await conn.tx(async () => {
      for (const [b, bulletin] of town.bulletins.entries()) {
        const n = Math.min(perBulletin, opens - written, readers.length);
        let params = [];
        let rows = 0;
        const flush = async () => {
          if (!rows) return;
          await conn.run(`INSERT INTO bulletin_open (bulletinId, groupId, userId, openedAt, confirmedAt) VALUES ${Array(rows).fill('(?, ?, ?, ?, ?)').join(', ')}`, params);
          params = [];
          rows = 0;
        };
        const first = (b * 997) % readers.length;
        for (let j = 0; j < n; j++) {
          const [userId, groupId] = readers[(first + j) % readers.length];
          params.push(bulletin.id, groupId, userId, ts(new Date(bulletin.published.getTime() + (1 + (j % 40)) * HOUR)), j % 10 < 3 ? ts(new Date(bulletin.published.getTime() + (2 + (j % 40)) * HOUR)) : null);
          rows++;
          if (rows === OPEN_CHUNK) await flush();
        }
        await flush();
        written += n;
      }
    });
  }
  log(`ff: ${bulletins.length} bulletins, ${tasks.length} forwarding tasks, ${written} opens (${elapsed()})`);

  // ---- feedback, activities, case figures
  const fRow = await rowMaker(conn, 'feedback', now);
  const aRow = await rowMaker(conn, 'ff_activity', now);
  const cRow = await rowMaker(conn, 'ff_case_figure', now);
  const feedback = [];
  const activities = [];
  const figures = [];
  const months = [...new Set(Array.from({ length: PERIOD_DAYS }, (_, i) => addDays(periodStart, i).slice(0, 7)))];
  let seq = 0;
  for (const town of towns) {
    const orgs = [...town.villages, ...town.units];
    for (const n of orgs) {
      seq++;
      if (n.kind === 'village') {
        for (let k = 0; k < 1 + (seq % 5); k++) feedback.push(fRow({ authorId: countyAdmin, nodeId: n.grids[k % n.grids.length].id, nodePath: n.grids[k % n.grids.length].path, bulletinId: null, kind: 'situation', body: '本村反诈宣传情况', photoIds: null, createdAt: ts(inPeriod((k + 0.5) / 6)), lastActivityAt: ts(inPeriod((k + 0.5) / 6)) }));
      }
      for (let k = 0; k < seq % 4; k++) {
        const day = addDays(periodStart, (seq * 13 + k * 29) % PERIOD_DAYS);
        activities.push(aRow({ townId: town.id, nodeId: n.id, nodePath: n.path, day, place: '会议室', kind: 'lecture', title: '反诈宣讲', peopleReached: 20 + ((seq * 7 + k) % 80), photoIds: '[]', createdBy: countyAdmin, createdAt: now }));
      }
      if (n.kind !== 'school' || seq % 2 === 0) {
        for (const month of months) {
          const cases = (seq + month.charCodeAt(6)) % 7 === 0 ? 1 + (seq % 3) : 0;
          figures.push(cRow({ townId: town.id, nodeId: n.id, nodePath: n.path, month, cases, lossYuan: cases * (1000 + (seq % 9) * 1500), enteredBy: countyAdmin, createdAt: now, updatedAt: now }));
        }
      }
    }
  }
  // ---- the programs: the four kinds per town, the last 90 China days, published
  const pRow = await rowMaker(conn, 'ff_program', now);
  let pid = await nextId(conn, 'ff_program');
  const programs = [];
  for (const town of towns) {
    town.programs = {};
    for (const pk of PROGRAM_KINDS) {
      const id = pid++;
      town.programs[pk] = id;
      programs.push(pRow({
        id, townId: town.id, townPath: town.path, kind: pk, title: `${town.name}${pk}创建评比`, periodStart, periodEnd: today, applyFrom: today, applyUntil: addDays(today, 29), noticeDays: 7,
        validityMonths: 12, indicators: JSON.stringify(DEFAULT_INDICATORS[pk]), status: 'published', createdBy: countyAdmin, createdAt: now, updatedAt: now, publishedAt: now, computedAt: null,
      }));
    }
  }
  await conn.tx(async () => {
    await insertRows(conn, 'feedback', feedback, CHUNK);
    await insertRows(conn, 'ff_activity', activities, CHUNK);
    await insertRows(conn, 'ff_case_figure', figures, CHUNK);
    await insertRows(conn, 'ff_program', programs, CHUNK);
  });
  if (kind === 'sqlite') await conn.run('ANALYZE');
  else await conn.run('ANALYZE TABLE org_node, membership, quiz_campaign, quiz_node_stat, pledge_campaign, pledge_signature, pledge_roster_entry, bulletin, forward_task, bulletin_open, wechat_group, feedback, ff_activity, ff_case_figure, ff_program');
  log(`ff: ${feedback.length} feedback threads, ${activities.length} activities, ${figures.length} case figures, ${programs.length} programs (${elapsed()} in all)`);

  const eligible = { community: 0, unit: 0, campus: 0, building: 0 };
  for (const town of towns) {
    eligible.community += town.villages.length;
    for (const n of town.units) eligible[n.kind === 'school' ? 'campus' : n.kind === 'building' ? 'building' : 'unit']++;
  }
  // the unit viewed live: an enterprise of the first town, under a village (the deeper kind)
  const viewed = towns[0].units.find((n) => n.kind === 'enterprise' && n.village) ?? towns[0].units.find(isUnit);
  return {
    countyAdmin,
    towns: towns.map((t) => ({ id: t.id, name: t.name, programs: t.programs, samples: sampleNodes(t) })),
    eligible,
    live: { programId: towns[0].programs.unit, nodeId: viewed.id, contactId: viewed.contact, name: viewed.name },
    counts: { organisations: unitCount, attempts, participants: participantsAll, signatures, bulletins: bulletins.length, tasks: tasks.length, opens: written, feedback: feedback.length, activities: activities.length, figures: figures.length, programs: programs.length, seconds: Math.round((Date.now() - t0) / 100) / 10 },
  };
}

// A few organisations per kind whose live view is compared with the batch.
function sampleNodes(town) {
  const pick = (list) => [list[0], list[Math.floor(list.length / 2)], list[list.length - 1]].filter(Boolean).map((n) => n.id);
  return {
    community: pick(town.villages),
    unit: pick(town.units.filter((n) => n.kind === 'enterprise' || n.kind === 'institution')),
    campus: pick(town.units.filter((n) => n.kind === 'school')),
    building: pick(town.units.filter((n) => n.kind === 'building')),
  };
}

function percentileOf(sorted, p) {
  return sorted[Math.max(0, Math.ceil(p * sorted.length) - 1)];
}

// Runs the bench against the app: every program's batch, then one unit's live view. Returns result rows
// in the shape of run.js's tables.
async function ffBench({ db, app, county, cfg, dataKey, sign, request, cpuBusy, log }) {
  const { connect } = require('./db');
  const conn = await connect(db.url);
  let data;
  try {
    data = await addFfCounty(conn, county, { units: cfg.units, attempts: cfg.attempts, pledges: cfg.pledges, opens: cfg.opens, dataKey, log });
  } finally {
    await conn.close();
  }
  const results = [];
  const admin = sign(data.countyAdmin);
  const busy = await cpuBusy(1000);
  if (busy !== null && busy > 0.25) log(`WARNING: ${Math.round(busy * 100)}% CPU busy with something else before the Fraud-Free runs`);

  // (a) the batch: every program of every town, one after another
  const problems = [];
  const perKind = { community: 0, unit: 0, campus: 0, building: 0 };
  const nodesPerKind = { community: 0, unit: 0, campus: 0, building: 0 };
  let worst = 0;
  const t0 = process.hrtime.bigint();
  for (const town of data.towns) {
    for (const kind of PROGRAM_KINDS) {
      const s = process.hrtime.bigint();
      const r = await request(app.port, 'POST', `/api/ff/programs/${town.programs[kind]}/compute`, { token: admin, timeoutMs: 120_000 });
      const ms = Number(process.hrtime.bigint() - s) / 1e6;
      if (r.status !== 200) {
        problems.push(`${town.name} ${kind}: ${r.status} ${JSON.stringify(r.body).slice(0, 200)}`);
        continue;
      }
      perKind[kind] += ms;
      nodesPerKind[kind] += r.body.nodes;
      worst = Math.max(worst, ms);
    }
  }
  const totalMs = Math.round(Number(process.hrtime.bigint() - t0) / 1e6);
  for (const kind of PROGRAM_KINDS) if (nodesPerKind[kind] !== data.eligible[kind]) problems.push(`${kind}: ${nodesPerKind[kind]} organisations computed, ${data.eligible[kind]} eligible`);
  // the batch equals the live view for sample organisations of every kind in three towns
  let compared = 0;
  for (const town of [data.towns[0], data.towns[Math.floor(data.towns.length / 2)], data.towns[data.towns.length - 1]]) {
    for (const kind of PROGRAM_KINDS) {
      const id = town.programs[kind];
      const ranked = await request(app.port, 'GET', `/api/ff/programs/${id}/rankings`, { token: admin, timeoutMs: 60_000 });
      if (ranked.status !== 200) {
        problems.push(`rankings ${town.name} ${kind}: ${ranked.status}`);
        continue;
      }
      for (const nodeId of town.samples[kind]) {
        const live = await request(app.port, 'GET', `/api/ff/programs/${id}/indicators?nodeId=${nodeId}`, { token: admin });
        const row = ranked.body.rows.find((x) => x.node.id === nodeId);
        const same = live.status === 200 && row && row.total === live.body.total && JSON.stringify(row.values) === JSON.stringify(live.body.values.map((v) => ({ key: v.key, value: v.value, score: v.score, met: v.met })));
        if (!same) {
          const liveOf = new Map((live.body.values ?? []).map((v) => [v.key, v]));
          const diff = row ? row.values.filter((v) => liveOf.get(v.key)?.value !== v.value || liveOf.get(v.key)?.score !== v.score).map((v) => `${v.key} ${v.value}/${v.score} vs ${liveOf.get(v.key)?.value}/${liveOf.get(v.key)?.score}`) : ['missing'];
          problems.push(`${town.name} ${kind} node ${nodeId}: batch ${row?.total} vs live ${live.status} ${live.body.total}: ${diff.join(', ')}`);
        }
        compared++;
      }
    }
  }
  log(` POST /api/ff/programs/:id/compute (${data.towns.length} towns × 4 kinds): ${totalMs} ms in all (${PROGRAM_KINDS.map((k) => `${k} ${Math.round(perKind[k])} ms for ${nodesPerKind[k]}`).join(', ')}; worst program ${Math.round(worst)} ms); ${compared} organisations checked against the live view${problems.length ? `; PROBLEMS: ${problems.slice(0, 3).join(' | ')}` : ''}`);
  results.push({
    database: db.label,
    measure: 'ff batch',
    detail: `every indicator of ${Object.values(nodesPerKind).reduce((a, b) => a + b, 0)} organisations (${nodesPerKind.community} villages, ${nodesPerKind.unit + nodesPerKind.building + nodesPerKind.campus} units) in ${data.towns.length} towns × 4 programs; ${data.counts.attempts} attempts, ${data.counts.signatures} signatures, ${data.counts.opens} opens`,
    value: totalMs,
    unit: 'ms',
    extra: { perKindMs: Object.fromEntries(PROGRAM_KINDS.map((k) => [k, Math.round(perKind[k])])), nodes: nodesPerKind, worstProgramMs: Math.round(worst), compared, problems, data: data.counts },
    target: `< ${cfg.batchMaxMs} ms`,
    valid: problems.length === 0,
    targetMet: problems.length === 0 && totalMs < cfg.batchMaxMs,
    cpuBusyBefore: busy,
  });

  // (b) one unit's live view, as its contact
  const token = sign(data.live.contactId);
  const url = `http://127.0.0.1:${app.port}/api/ff/programs/${data.live.programId}/indicators?nodeId=${data.live.nodeId}`;
  const get = async () => {
    const s = process.hrtime.bigint();
    const res = await fetch(url, { headers: { authorization: `Bearer ${token}` }, signal: AbortSignal.timeout(10_000) });
    const body = await res.json();
    return { ms: Number(process.hrtime.bigint() - s) / 1e6, status: res.status, body };
  };
  const first = await get();
  const mismatch = first.status !== 200 ? `${first.status} ${JSON.stringify(first.body).slice(0, 200)}` : first.body.values.length !== DEFAULT_INDICATORS.unit.length ? `${first.body.values.length} values` : null;
  for (let i = 0; i < 20; i++) await get();
  const times = [];
  let errors = 0;
  for (let i = 0; i < cfg.liveRuns; i++) {
    const r = await get();
    if (r.status !== 200) errors++;
    times.push(r.ms);
  }
  times.sort((a, b) => a - b);
  const p50 = round(percentileOf(times, 0.5));
  const p95 = round(percentileOf(times, 0.95));
  log(` GET /api/ff/programs/:id/indicators (${data.live.name}, as its contact): ${cfg.liveRuns} sequential requests: p50 ${p50} ms, p95 ${p95} ms${mismatch ? `, WRONG: ${mismatch}` : ''}`);
  results.push({
    database: db.label,
    measure: 'ff live',
    detail: `one unit's indicators against the targets (${DEFAULT_INDICATORS.unit.length} indicators, live), as its contact; ${cfg.liveRuns} sequential requests`,
    value: p95,
    unit: 'ms p95',
    extra: { p50, max: round(times[times.length - 1]), errors, mismatch, sheet: first.body },
    target: `p95 < ${cfg.liveMaxP95} ms`,
    valid: errors === 0 && !mismatch,
    targetMet: errors === 0 && !mismatch && p95 < cfg.liveMaxP95,
    cpuBusyBefore: busy,
  });
  return results;
}

module.exports = { addFfCounty, ffBench };
