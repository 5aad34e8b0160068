'use strict';
// Database plumbing shared by the bench harness and the floor servers: one fresh database per run
// (a temp SQLite file, or a throwaway MariaDB database), plus raw connections with the same drivers
// the app uses (better-sqlite3, mysql2).

const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const crypto = require('node:crypto');

function isSqliteUrl(url) {
  return url.startsWith('sqlite:');
}

function sqliteFile(url) {
  return url.slice('sqlite:'.length);
}

// A fresh temp directory holding one SQLite file; remove() deletes it with its -wal/-shm files.
function freshSqlite() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wuzha-bench-'));
  const file = path.join(dir, 'bench.sqlite');
  return {
    kind: 'sqlite',
    label: 'SQLite',
    url: `sqlite:${file}`,
    async drop() {
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

// Creates `wuzha_bench_<random>` on the server of baseUrl; drop() removes it. Throws when unreachable.
async function freshMysql(baseUrl) {
  const mysql = require('mysql2/promise');
  const u = new URL(baseUrl.replace(/^mariadb:/, 'mysql:'));
  const name = `wuzha_bench_${crypto.randomBytes(4).toString('hex')}`;
  const admin = await mysql.createConnection({
    host: u.hostname,
    port: Number(u.port || 3306),
    user: decodeURIComponent(u.username || 'root'),
    password: decodeURIComponent(u.password || ''),
    connectTimeout: 3000,
  });
  let version = '';
  try {
    const [rows] = await admin.query('SELECT VERSION() AS v');
    version = rows[0].v;
    await admin.query(`CREATE DATABASE \`${name}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
  } finally {
    await admin.end();
  }
  u.pathname = `/${name}`;
  const url = u.toString();
  return {
    kind: 'mysql',
    label: /mariadb/i.test(version) ? 'MariaDB' : 'MySQL',
    version,
    url,
    name,
    async drop() {
      const c = await mysql.createConnection({
        host: u.hostname,
        port: Number(u.port || 3306),
        user: decodeURIComponent(u.username || 'root'),
        password: decodeURIComponent(u.password || ''),
        connectTimeout: 3000,
      });
      try {
        await c.query(`DROP DATABASE IF EXISTS \`${name}\``);
      } finally {
        await c.end();
      }
    },
  };
}

// Minimal async facade used by the harness (not by the floors' hot paths): all(), run(), close().
async function connect(url) {
  if (isSqliteUrl(url)) {
    const Database = require('better-sqlite3');
    const db = new Database(sqliteFile(url));
    db.pragma('busy_timeout = 5000');
    return {
      kind: 'sqlite',
      async all(sql, params = []) {
        return db.prepare(sql).all(...params);
      },
      async run(sql, params = []) {
        const r = db.prepare(sql).run(...params);
        return { insertId: Number(r.lastInsertRowid), affected: r.changes };
      },
      async tx(fn) {
        db.exec('BEGIN IMMEDIATE');
        try {
          const r = await fn(this);
          db.exec('COMMIT');
          return r;
        } catch (e) {
          db.exec('ROLLBACK');
          throw e;
        }
      },
      async close() {
        db.close();
      },
    };
  }
  const mysql = require('mysql2/promise');
  const conn = await mysql.createConnection({ uri: url, dateStrings: false, multipleStatements: false });
  return {
    kind: 'mysql',
    async all(sql, params = []) {
      const [rows] = await conn.query(sql, params);
      return rows;
    },
    async run(sql, params = []) {
      const [r] = await conn.query(sql, params);
      return { insertId: r.insertId, affected: r.affectedRows };
    },
    async tx(fn) {
      await conn.beginTransaction();
      try {
        const r = await fn(this);
        await conn.commit();
        return r;
      } catch (e) {
        await conn.rollback();
        throw e;
      }
    },
    async close() {
      await conn.end();
    },
  };
}

// Column metadata: name, whether NOT NULL without default, and a coarse type.
async function columns(db, table) {
  if (db.kind === 'sqlite') {
    const rows = await db.all(`PRAGMA table_info(${table})`);
    return rows.map((r) => ({ name: r.name, required: r.notnull === 1 && r.dflt_value === null && r.pk === 0, type: String(r.type).toLowerCase() }));
  }
  const rows = await db.all(
    `SELECT COLUMN_NAME AS name, IS_NULLABLE AS nullable, COLUMN_DEFAULT AS dflt, DATA_TYPE AS type, EXTRA AS extra
       FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = ? ORDER BY ORDINAL_POSITION`,
    [table],
  );
  return rows.map((r) => ({
    name: r.name,
    required: r.nullable === 'NO' && r.dflt === null && !/auto_increment/i.test(r.extra),
    type: String(r.type).toLowerCase(),
  }));
}

// A placeholder for a NOT NULL column the bench does not care about, by its type.
function filler(type, now) {
  if (/int|bool|tinyint|decimal|numeric|real|double|float/.test(type)) return 0;
  if (/date|time/.test(type)) return now;
  return '';
}

module.exports = { isSqliteUrl, sqliteFile, freshSqlite, freshMysql, connect, columns, filler };
