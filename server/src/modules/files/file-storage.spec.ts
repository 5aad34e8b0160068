import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LocalDiskStorage } from './file-storage';

describe('LocalDiskStorage', () => {
  let root: string;
  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'wuzha-storage-'));
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('writes the same key many times at once (content-addressed files): all succeed, no temp files left', async () => {
    const s = new LocalDiskStorage(root);
    const bytes = Buffer.from('the same signature');
    await Promise.all(Array.from({ length: 20 }, () => s.put('pledge/1/abc.png', bytes)));
    expect(await s.get('pledge/1/abc.png')).toEqual(bytes);
    expect(readdirSync(join(root, 'pledge/1'))).toEqual(['abc.png']);
  });

  it('makes a directory again when it was removed after the first write', async () => {
    const s = new LocalDiskStorage(root);
    await s.put('a/b/one', Buffer.from('1'));
    rmSync(join(root, 'a'), { recursive: true });
    await s.put('a/b/two', Buffer.from('2'));
    expect((await s.get('a/b/two'))?.toString()).toBe('2');
    expect(await s.get('a/b/one')).toBeNull();
  });
});
