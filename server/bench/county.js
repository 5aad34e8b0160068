'use strict';
// County-scale data for the group-broadcast benches, written with multi-row SQL on the migrated schema
// (explicit ids, so nothing is read back): a county of 15 towns × 20 villages × 10 grids, 6,000 bound
// WeChat groups (one per village, one or two per grid), 300,000 residents (100 per grid). On top:
//   - town 1: a published town-wide bulletin with its 220 forwarding tasks and 50,000 opens from the
//     town's 400 groups (and an older one just as read, so the key range matters), and its admin;
//   - town 2: two published bulletins nobody opened yet (the app's and the floor's open runs) and
//     20,000 residents with a session key (as after a login), whose group info the bench encrypts;
//   - a separate county-sized town of 300 villages, each with its cadre, and two admins, to publish to.

const crypto = require('node:crypto');
const { columns, filler } = require('./db');
const { cipher, fakeName, insertRows } = require('./data');

const SHAPE = { towns: 15, villagesPerTown: 20, gridsPerVillage: 10, residentsPerGrid: 100, bigTownVillages: 300 };
const DASHBOARD_OPENS = 50_000;

// The app's mockSessionKey(openid, secret).
function mockSessionKey(openid, secret) {
  return crypto.createHmac('sha256', secret).update(`mock-session-key:${openid}`).digest().subarray(0, 16).toString('base64');
}

async function nextId(conn, table) {
  const [{ m }] = await conn.all(`SELECT MAX(id) AS m FROM ${table}`);
  return Number(m || 0) + 1;
}

// Rows completed with a filler for any other NOT NULL column (so a new column does not break the bench).
function completer(cols, now) {
  return (known) => {
    const row = {};
    for (const col of cols) {
      if (col.name in known) row[col.name] = known[col.name];
      else if (col.required) row[col.name] = filler(col.type, now);
    }
    return row;
  };
}

async function addCounty(conn, { dataKey, wechatSecret, log = () => {} }) {
  const t0 = Date.now();
  const sqlite = conn.kind === 'sqlite';
  const nowDate = new Date();
  // what TypeORM writes: a UTC 'YYYY-MM-DD HH:MM:SS.mmm' string on SQLite, a Date on MySQL
  const ts = (d) => (sqlite ? d.toISOString().replace('T', ' ').replace('Z', '') : d);
  const now = ts(nowDate);
  const c = cipher(dataKey);
  const chunk = 1000;

  // ---- org tree
  const nodeRow = completer(await columns(conn, 'org_node'), now);
  let id = await nextId(conn, 'org_node');
  const nodes = [];
  const node = (parent, kind, name) => {
    const n = { id: id++, parentId: parent ? parent.id : null, kind, name, path: `${parent ? parent.path : '/'}${id - 1}/`, depth: parent ? parent.depth + 1 : 0 };
    nodes.push(n);
    return n;
  };
  const county = node(null, 'county', '基准县');
  const towns = [];
  for (let t = 0; t < SHAPE.towns; t++) {
    const town = node(county, 'town', `基准县第${t + 1}镇`);
    town.villages = [];
    for (let v = 0; v < SHAPE.villagesPerTown; v++) {
      const village = node(town, 'village', `第${t + 1}镇${v + 1}村`);
      village.grids = [];
      for (let g = 0; g < SHAPE.gridsPerVillage; g++) village.grids.push(node(village, 'grid', `第${g + 1}网格`));
      town.villages.push(village);
    }
    towns.push(town);
  }
  const bigTown = node(county, 'town', '基准县大镇');
  bigTown.villages = [];
  for (let v = 0; v < SHAPE.bigTownVillages; v++) bigTown.villages.push(node(bigTown, 'village', `大镇${v + 1}村`));
  const grids = towns.flatMap((t) => t.villages.flatMap((v) => v.grids));

  // ---- people: residents (100 per grid), the big town's cadres and admins, town 1's admin
  const userRow = completer(await columns(conn, 'user_account'), now);
  const memberRow = completer(await columns(conn, 'membership'), now);
  let uid = await nextId(conn, 'user_account');
  let mid = await nextId(conn, 'membership');
  const residents = [];
  const users = [];
  const members = [];
  const person = (openid, displayName, withKey) => {
    const u = { id: uid++, openid };
    users.push(userRow({ id: u.id, openid, displayName, nameSet: 1, sessionKeyEnc: withKey ? c.encrypt(mockSessionKey(openid, wechatSecret)) : null, createdAt: now, updatedAt: now, lastLoginAt: now }));
    return u;
  };
  const member = (userId, n, role, source) => members.push(memberRow({ id: mid++, userId, nodeId: n.id, nodePath: n.path, role, source, createdAt: now }));
  const openTown = towns[1];
  for (let g = 0; g < grids.length; g++) {
    const grid = grids[g];
    const inOpenTown = grid.path.startsWith(openTown.path);
    for (let r = 0; r < SHAPE.residentsPerGrid; r++) {
      const i = g * SHAPE.residentsPerGrid + r;
      const u = person(`cr-${i}`, fakeName(i), inOpenTown);
      u.grid = grid;
      u.r = r;
      residents.push(u);
      member(u.id, grid, 'resident', 'self_join');
    }
  }
  const dashAdmin = person('bench-admin-t1', '张镇长', false);
  member(dashAdmin.id, towns[0], 'town_admin', 'seed');
  const bigAdmins = [person('bench-admin-big-1', '李主任', false), person('bench-admin-big-2', '王主任', false)];
  for (const a of bigAdmins) member(a.id, bigTown, 'town_admin', 'seed');
  for (let v = 0; v < bigTown.villages.length; v++) member(person(`bench-cadre-big-${v}`, fakeName(v + 7), false).id, bigTown.villages[v], 'village_cadre', 'invite');

  // ---- groups: one per village, two per grid (one for the last grid of each village): 6,000
  const groupRow = completer(await columns(conn, 'wechat_group'), now);
  let gid = await nextId(conn, 'wechat_group');
  const groups = [];
  const group = (n, name) => {
    const g = { id: gid++, nodeId: n.id, nodePath: n.path };
    groups.push(groupRow({ id: g.id, opengid: `cg-${g.id}`, nodeId: n.id, nodePath: n.path, name, boundBy: dashAdmin.id, boundAt: now, updatedAt: now }));
    g.opengid = `cg-${g.id}`;
    return g;
  };
  for (const town of towns) {
    for (const village of town.villages) {
      village.groups = [group(village, `${village.name}村民群`)];
      for (let k = 0; k < village.grids.length; k++) {
        const grid = village.grids[k];
        grid.groups = [group(grid, `${village.name}${grid.name}群`)];
        if (k < village.grids.length - 1) grid.groups.push(group(grid, `${village.name}${grid.name}二群`));
      }
    }
  }

  await conn.tx(async () => {
    await insertRows(conn, 'org_node', nodes.map((n) => nodeRow({ ...n, createdAt: now, updatedAt: now })), chunk);
    await insertRows(conn, 'user_account', users, chunk);
    await insertRows(conn, 'membership', members, chunk);
    await insertRows(conn, 'wechat_group', groups, chunk);
  });
  log(`county: ${nodes.length} nodes, ${users.length} people, ${groups.length} groups (${Math.round((Date.now() - t0) / 100) / 10} s)`);

  // ---- bulletins
  const bulletinRow = completer(await columns(conn, 'bulletin'), now);
  let bid = await nextId(conn, 'bulletin');
  const bulletins = [];
  const bulletin = (town, title, authorId, publishedAt, deadline) => {
    const b = { id: bid++, town };
    bulletins.push(
      bulletinRow({
        id: b.id, townId: town.id, townPath: town.path, authorId, title, summary: title, body: JSON.stringify([{ type: 'paragraph', runs: [{ text: title }] }]),
        category: 'warning', fraudTypes: '[]', urgency: 'normal', scopeKind: 'town', status: 'published', forwardDeadline: deadline ? ts(deadline) : null,
        publishAt: null, reviewerId: null, returnReason: null, contentCheck: null, createdAt: ts(publishedAt), updatedAt: ts(publishedAt), submittedAt: ts(publishedAt),
        reviewedAt: ts(publishedAt), publishedAt: ts(publishedAt),
      }),
    );
    return b;
  };
  const hour = 3600_000;
  const older = bulletin(towns[0], '上周的反诈预警', dashAdmin.id, new Date(nowDate.getTime() - 7 * 24 * hour), null);
  const dash = bulletin(towns[0], '冒充公检法诈骗预警', dashAdmin.id, new Date(nowDate.getTime() - 2 * hour), new Date(nowDate.getTime() - hour));
  const openApp = bulletin(openTown, '刷单返利诈骗提醒（应用）', dashAdmin.id, nowDate, null);
  const openFloor = bulletin(openTown, '刷单返利诈骗提醒（对照）', dashAdmin.id, nowDate, null);

  // ---- town 1's forwarding tasks for the dashboard bulletin: most forwarded, some offline, some late
  const taskRow = completer(await columns(conn, 'forward_task'), now);
  let tid = await nextId(conn, 'forward_task');
  const tasks = [];
  const published = nowDate.getTime() - 2 * hour;
  const task = (n, level, parentTaskId, i) => {
    const status = i % 10 === 9 ? 'pending' : i % 10 === 8 ? 'offline' : 'forwarded';
    const forwardedAt = status === 'pending' ? null : ts(new Date(published + (5 + ((i * 37) % 90)) * 60_000));
    const t = { id: tid++ };
    tasks.push(taskRow({ id: t.id, bulletinId: dash.id, nodeId: n.id, nodePath: n.path, level, parentTaskId, status, deadline: ts(new Date(published + hour)), forwardedAt, forwardedBy: status === 'pending' ? null : dashAdmin.id, offlineNote: status === 'offline' ? '村广播播放' : null, offlinePhotoId: null, lastRemindedAt: null, createdAt: ts(new Date(published)) }));
    return t;
  };
  let ti = 0;
  for (const village of towns[0].villages) {
    const vt = task(village, 1, null, ti++);
    for (const grid of village.grids) task(grid, 2, vt.id, ti++);
  }

  // ---- 50,000 opens at town 1 for each of its two bulletins: every resident from a grid group and
  // the village group, then from the grid's second group until the count is reached; 30% confirm once
  const townResidents = residents.filter((u) => u.grid.path.startsWith(towns[0].path));
  const openRow = completer(await columns(conn, 'bulletin_open'), now);
  const opens = [];
  const villageOf = new Map(towns[0].villages.flatMap((v) => v.grids.map((g) => [g.id, v])));
  const pairs = [];
  for (const u of townResidents) pairs.push([u, u.grid.groups[0]]);
  for (const u of townResidents) pairs.push([u, villageOf.get(u.grid.id).groups[0]]);
  // spread over every grid's second group: the first 56 residents of each grid
  for (const u of townResidents) if (pairs.length < DASHBOARD_OPENS && u.grid.groups[1] && u.r < 56) pairs.push([u, u.grid.groups[1]]);
  const confirmedUsers = new Set();
  for (const b of [older, dash]) {
    for (let i = 0; i < pairs.length; i++) {
      const [u, g] = pairs[i];
      const confirm = u.id % 10 < 3 && !confirmedUsers.has(`${b.id}:${u.id}`);
      if (confirm) confirmedUsers.add(`${b.id}:${u.id}`);
      const at = new Date(published + (10 + (i % 100)) * 60_000);
      opens.push(openRow({ bulletinId: b.id, groupId: g.id, userId: u.id, openedAt: ts(at), confirmedAt: confirm ? ts(at) : null }));
    }
  }
  await conn.tx(async () => {
    await insertRows(conn, 'bulletin', bulletins, chunk);
    await insertRows(conn, 'forward_task', tasks, chunk);
    await insertRows(conn, 'bulletin_open', opens, chunk);
  });
  if (!sqlite) await conn.run('ANALYZE TABLE bulletin_open, forward_task, wechat_group, org_node, membership');
  log(`county: ${bulletins.length} bulletins, ${tasks.length} tasks, ${opens.length} opens (${Math.round((Date.now() - t0) / 100) / 10} s in all)`);

  const townGroups = towns[0].villages.reduce((n, v) => n + v.groups.length + v.grids.reduce((m, g) => m + g.groups.length, 0), 0);
  return {
    county,
    towns,
    bigTown,
    dashAdmin,
    bigAdmins,
    dashboard: {
      bulletinId: dash.id,
      townId: towns[0].id,
      opens: pairs.length,
      // what the dashboard must answer
      expect: { groupsRegistered: townGroups, groupsReached: new Set(pairs.map(([, g]) => g.id)).size, readers: townResidents.length, confirmations: townResidents.filter((u) => u.id % 10 < 3).length, rows: tasks.length },
    },
    open: {
      appBulletinId: openApp.id,
      floorBulletinId: openFloor.id,
      // the residents of town 2 (with a session key) and the group each opens from
      readers: residents.filter((u) => u.grid.path.startsWith(openTown.path)).map((u) => ({ id: u.id, openid: u.openid, opengid: u.grid.groups[u.id % u.grid.groups.length].opengid })),
    },
    counts: { nodes: nodes.length, people: users.length, groups: groups.length, opens: opens.length, seconds: Math.round((Date.now() - t0) / 100) / 10 },
  };
}

module.exports = { addCounty, mockSessionKey, SHAPE };
