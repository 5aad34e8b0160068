import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { createDataSource } from './data-source';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('SQLite serialisation (createDataSource)', () => {
  let dir: string;
  let ds: DataSource;
  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'wuzha-sqlite-'));
    ds = createDataSource({ type: 'sqlite', file: join(dir, 'sub', 't.sqlite') });
    await ds.initialize();
    await ds.query('CREATE TABLE t (id INTEGER PRIMARY KEY AUTOINCREMENT, v TEXT UNIQUE)');
  });
  afterEach(async () => {
    await ds.destroy();
    rmSync(dir, { recursive: true, force: true });
  });

  const values = async () => ((await ds.query('SELECT v FROM t ORDER BY id')) as Array<{ v: string }>).map((r) => r.v);

  it('runs concurrent transactions one after the other', async () => {
    await Promise.all(
      ['a', 'b', 'c'].map((v) =>
        ds.transaction(async (m) => {
          await m.query('INSERT INTO t (v) VALUES (?)', [v]);
          await sleep(10);
          await m.query('INSERT INTO t (v) VALUES (?)', [v + '2']);
        }),
      ),
    );
    expect((await values()).sort()).toEqual(['a', 'a2', 'b', 'b2', 'c', 'c2']);
  });

  it('a query from outside never joins (and is never rolled back with) an open transaction', async () => {
    const tx = ds.transaction(async (m) => {
      await m.query('INSERT INTO t (v) VALUES (?)', ['in-tx']);
      await sleep(30);
      throw new Error('roll back');
    });
    await sleep(5);
    const outside = ds.query('INSERT INTO t (v) VALUES (?)', ['outside']);
    await expect(tx).rejects.toThrow('roll back');
    await outside;
    expect(await values()).toEqual(['outside']);
  });

  it('nested transactions use savepoints inside the holder', async () => {
    await ds.transaction(async (m) => {
      await m.query('INSERT INTO t (v) VALUES (?)', ['outer']);
      await m.transaction(async (m2) => m2.query('INSERT INTO t (v) VALUES (?)', ['inner'])).catch(() => undefined);
    });
    expect(await values()).toEqual(['outer', 'inner']);
  });

  it('refuses a manual startTransaction outside the lock', async () => {
    const qr = ds.createQueryRunner();
    await expect(qr.startTransaction()).rejects.toThrow(/dataSource.transaction/);
  });
});
