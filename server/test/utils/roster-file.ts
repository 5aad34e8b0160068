// Roster files for tests: rows as xlsx, or as CSV in UTF-8 (with or without BOM) or GBK, the way
// Excel in China saves "CSV (逗号分隔)"; and the import and template calls.
import type { TestApp } from './test-app';
import { binaryParser, SheetRow, workbookBuffer } from './xlsx';

export const ROSTER_HEADER = ['班级', '姓名', '学号', '出生年份', '家长手机号'];

export function rosterXlsx(rows: SheetRow[]): Promise<Buffer> {
  return workbookBuffer(rows, '花名册');
}

function csvText(rows: SheetRow[]): string {
  const field = (v: string | number | null) => {
    const s = v === null ? '' : String(v);
    return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
  };
  return rows.map((r) => r.map(field).join(',')).join('\r\n') + '\r\n';
}

let gbkTable: Map<string, Buffer> | null = null;

// Node decodes GBK but has no encoder: invert the decoder over every two-byte code once.
function gbkEncoder(): Map<string, Buffer> {
  if (gbkTable) return gbkTable;
  const decoder = new TextDecoder('gbk', { fatal: true });
  const table = new Map<string, Buffer>();
  for (let hi = 0x81; hi <= 0xfe; hi++) {
    for (let lo = 0x40; lo <= 0xfe; lo++) {
      if (lo === 0x7f) continue;
      const bytes = Buffer.from([hi, lo]);
      try {
        const ch = decoder.decode(bytes);
        if (ch.length === 1 && !table.has(ch)) table.set(ch, bytes);
      } catch {
        // not a GBK code
      }
    }
  }
  return (gbkTable = table);
}

export function encodeGbk(text: string): Buffer {
  const table = gbkEncoder();
  const parts: Buffer[] = [];
  for (const ch of text) {
    if (ch.charCodeAt(0) < 0x80) parts.push(Buffer.from(ch, 'ascii'));
    else {
      const b = table.get(ch);
      if (!b) throw new Error(`not in GBK: ${ch}`);
      parts.push(b);
    }
  }
  return Buffer.concat(parts);
}

export function rosterCsv(rows: SheetRow[], encoding: 'utf8' | 'utf8-bom' | 'gbk' = 'utf8'): Buffer {
  const text = csvText(rows);
  if (encoding === 'gbk') return encodeGbk(text);
  const body = Buffer.from(text, 'utf8');
  return encoding === 'utf8-bom' ? Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), body]) : body;
}

export function importRoster(t: TestApp, token: string, schoolId: number, file: Buffer, name = 'roster.xlsx') {
  return t.http.post('/api/pledge/roster/import').query({ schoolId }).set(t.bearer(token)).attach('file', file, name);
}

export function rosterTemplate(t: TestApp, token: string, schoolId: number) {
  return t.http.get('/api/pledge/roster/template').query({ schoolId }).set(t.bearer(token)).buffer(true).parse(binaryParser as never);
}

// A class of n invented students (family name + given name), numbers from `first`.
const FAMILY = ['王', '李', '张', '刘', '陈', '杨', '黄', '赵', '周', '吴', '徐', '孙', '马', '朱', '胡', '郭', '何', '林', '高', '罗'];
const GIVEN = ['子涵', '欣怡', '浩然', '梓萱', '宇轩', '诗琪', '俊杰', '雨桐', '博文', '佳怡', '思远', '可馨', '一鸣', '语嫣', '明轩', '若曦', '天佑', '梦瑶', '嘉懿', '晨阳'];
export function inventedName(i: number): string {
  return FAMILY[i % FAMILY.length] + GIVEN[Math.floor(i / FAMILY.length) % GIVEN.length];
}
