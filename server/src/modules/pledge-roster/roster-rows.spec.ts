import { classKey, classMatcher } from './roster-rows';
import { decodeText, readCsv } from './roster-table';

describe('class names', () => {
  it('fold brackets, spaces, full-width digits, Chinese numerals and leading zeros', () => {
    for (const s of ['七年级1班', '七年级 1班', '七年级/1班', '七年级（1）班', '七年级(1)班', '七年级一班', '七年级01班', '七年级１班', '七年级-1']) {
      expect([s, classKey(s)]).toEqual([s, '七年级1班']);
    }
    expect(classKey('九年级十二班')).toBe('九年级12班');
    expect(classKey('初二二十班')).toBe('初二20班');
    expect(classKey('七年级')).toBe('七年级');
  });

  it('match by full name, by grade + class, and refuse what two grades share', () => {
    const match = classMatcher([
      { id: 1, name: '七年级1班', gradeName: '七年级' },
      { id: 2, name: '八年级1班', gradeName: '八年级' },
      // a school that names classes without the grade
      { id: 3, name: '2班', gradeName: '九年级' },
    ]);
    expect(match('七年级 一班')).toEqual({ id: 1 });
    expect(match('九年级2班')).toEqual({ id: 3 });
    expect(match('2班')).toEqual({ id: 3 });
    expect(match('1班')).toEqual({ ambiguous: ['七年级1班', '八年级1班'] });
    expect(match('六年级1班')).toBeNull();
  });
});

describe('CSV', () => {
  it('reads quoted fields with separators, quotes and line breaks; skips blank lines; numbers rows as Excel does', () => {
    const rows = readCsv('班级,姓名\r\n"七年级1班","张""三"\r\n\r\n七年级1班,"李,四"\n"多\n行",王五');
    expect(rows).toEqual([
      { line: 1, cells: ['班级', '姓名'] },
      { line: 2, cells: ['七年级1班', '张"三'] },
      { line: 4, cells: ['七年级1班', '李,四'] },
      { line: 5, cells: ['多\n行', '王五'] },
    ]);
  });

  it('uses tabs when the first line has tabs and no commas', () => {
    expect(readCsv('班级\t姓名\n七年级1班\t张三,丰')[1].cells).toEqual(['七年级1班', '张三,丰']);
  });

  it('decodes UTF-8 (with or without BOM), GBK and UTF-16; refuses binary', () => {
    expect(decodeText(Buffer.from('\ufeff班级', 'utf8'))).toBe('班级');
    expect(decodeText(Buffer.from('班级', 'utf8'))).toBe('班级');
    expect(decodeText(Buffer.from([0xb0, 0xe0, 0xbc, 0xb6]))).toBe('班级');
    expect(decodeText(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('班级', 'utf16le')]))).toBe('班级');
    expect(() => decodeText(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00]))).toThrow();
  });
});
