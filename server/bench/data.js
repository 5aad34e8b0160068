'use strict';
// Bench-scale data on top of the seeded demo tree: residents in the cadre's village (and its grids),
// written with plain SQL on the migrated schema, so the member list pages over real data.

const crypto = require('node:crypto');
const { columns, filler } = require('./db');

const SURNAMES = '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗';
const GIVEN = '伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华建国';

function fakeName(i) {
  const s = SURNAMES[i % SURNAMES.length];
  const g1 = GIVEN[(i * 7) % GIVEN.length];
  const g2 = i % 3 === 0 ? '' : GIVEN[(i * 13 + 5) % GIVEN.length];
  return s + g1 + g2;
}

// Same formats as the app's DataCipher: AES-256-GCM `v1:<iv>:<tag>:<ct>` and an HKDF-derived HMAC key.
function cipher(dataKeyB64) {
  const key = Buffer.from(dataKeyB64, 'base64');
  const macKey = Buffer.from(crypto.hkdfSync('sha256', key, Buffer.alloc(0), 'wuzha:hmac:v1', 32));
  return {
    encrypt(plain) {
      const iv = crypto.randomBytes(12);
      const c = crypto.createCipheriv('aes-256-gcm', key, iv);
      const ct = Buffer.concat([c.update(plain, 'utf8'), c.final()]);
      return ['v1', iv.toString('base64'), c.getAuthTag().toString('base64'), ct.toString('base64')].join(':');
    },
    hmac: (v) => crypto.createHmac('sha256', macKey).update(v, 'utf8').digest('hex'),
  };
}

// Multi-row INSERT in chunks; values are objects keyed by column name.
async function insertRows(conn, table, rows, chunk = 250) {
  if (!rows.length) return;
  const cols = Object.keys(rows[0]);
  for (let i = 0; i < rows.length; i += chunk) {
    const part = rows.slice(i, i + chunk);
    const ph = part.map(() => `(${cols.map(() => '?').join(', ')})`).join(', ');
    await conn.run(`INSERT INTO ${table} (${cols.join(', ')}) VALUES ${ph}`, part.flatMap((r) => cols.map((c) => r[c])));
  }
}

// Adds `count` residents spread over the village and its child nodes (grids). Returns counts.
async function addResidents(conn, villageId, count, dataKeyB64) {
  const sqlite = conn.kind === 'sqlite';
  const now = new Date();
  // what TypeORM writes: a UTC 'YYYY-MM-DD HH:MM:SS.mmm' string on SQLite, a Date on MySQL
  const ts = (d) => (sqlite ? d.toISOString().replace('T', ' ').replace('Z', '') : d);
  const c = cipher(dataKeyB64);

  const [village] = await conn.all('SELECT id, path FROM org_node WHERE id = ?', [villageId]);
  const targets = [village, ...(await conn.all('SELECT id, path FROM org_node WHERE parentId = ? ORDER BY id', [villageId]))];

  const userCols = await columns(conn, 'user_account');
  const memberCols = await columns(conn, 'membership');
  const known = (i) => {
    const phone = `139${String(10000000 + i).slice(-8)}`;
    const hasPhone = i % 2 === 0;
    return {
      openid: `bench-resident-${i}`,
      displayName: fakeName(i),
      phoneEnc: hasPhone ? c.encrypt(phone) : null,
      phoneHash: hasPhone ? c.hmac(phone) : null,
      createdAt: ts(now),
      updatedAt: ts(now),
      lastLoginAt: ts(now),
    };
  };
  const users = [];
  for (let i = 0; i < count; i++) {
    const k = known(i);
    const row = {};
    for (const col of userCols) {
      if (col.name === 'id') continue;
      if (col.name in k) row[col.name] = k[col.name];
      else if (col.required) row[col.name] = filler(col.type, ts(now));
    }
    users.push(row);
  }
  await conn.tx(async () => {
    await insertRows(conn, 'user_account', users);
    const ids = await conn.all("SELECT id, openid FROM user_account WHERE openid LIKE 'bench-resident-%' ORDER BY id");
    const members = ids.map((u, i) => {
      const node = targets[i % targets.length];
      const k = { userId: u.id, nodeId: node.id, nodePath: node.path, role: 'resident', source: 'self_join', createdAt: ts(new Date(now.getTime() - (count - i) * 1000)) };
      const row = {};
      for (const col of memberCols) {
        if (col.name === 'id') continue;
        if (col.name in k) row[col.name] = k[col.name];
        else if (col.required) row[col.name] = filler(col.type, ts(now));
      }
      return row;
    });
    await insertRows(conn, 'membership', members);
  });
  const hi = `${village.path.slice(0, -1)}0`;
  const [{ n }] = await conn.all('SELECT COUNT(*) AS n FROM membership WHERE nodePath >= ? AND nodePath < ?', [village.path, hi]);
  return { residents: count, grids: targets.length - 1, total: Number(n) };
}

module.exports = { addResidents, cipher, fakeName, insertRows };
