import { QueryFailedError } from 'typeorm';
import { isDuplicateKey } from './db-errors';

describe('isDuplicateKey', () => {
  const wrap = (driverError: object) => new QueryFailedError('INSERT …', [], Object.assign(new Error('x'), driverError));

  it('recognises mysql2 and better-sqlite3 duplicate keys, wrapped by TypeORM or not', () => {
    expect(isDuplicateKey(wrap({ code: 'ER_DUP_ENTRY', errno: 1062 }))).toBe(true);
    expect(isDuplicateKey(wrap({ errno: 1062 }))).toBe(true);
    expect(isDuplicateKey(wrap({ code: 'SQLITE_CONSTRAINT_UNIQUE' }))).toBe(true);
    expect(isDuplicateKey(wrap({ code: 'SQLITE_CONSTRAINT_PRIMARYKEY' }))).toBe(true);
    expect(isDuplicateKey({ code: 'ER_DUP_ENTRY' })).toBe(true);
  });

  it('rejects other errors', () => {
    expect(isDuplicateKey(wrap({ code: 'ER_NO_SUCH_TABLE', errno: 1146 }))).toBe(false);
    expect(isDuplicateKey(wrap({ code: 'SQLITE_CONSTRAINT_NOTNULL' }))).toBe(false);
    expect(isDuplicateKey(new Error('duplicate'))).toBe(false);
    expect(isDuplicateKey(null)).toBe(false);
    expect(isDuplicateKey('ER_DUP_ENTRY')).toBe(false);
  });
});
