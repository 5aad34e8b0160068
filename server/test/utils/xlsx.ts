// Workbooks for tests: build a sheet from rows, read a sheet back as text rows, upload to an import route.
import { CellValue, Workbook } from 'exceljs';
import type { TestApp } from './test-app';

export type SheetRow = Array<string | number | null>;

export async function workbookBuffer(rows: SheetRow[], sheet = '题库'): Promise<Buffer> {
  const wb = new Workbook();
  const ws = wb.addWorksheet(sheet);
  for (const r of rows) ws.addRow(r);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

function text(v: CellValue): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'object' && 'richText' in v) return v.richText.map((r) => r.text).join('');
  return String(v);
}

// Every row of a sheet (header included) as text cells, trailing empty cells dropped.
export async function readSheet(buf: Buffer, sheet = '题库'): Promise<string[][]> {
  const wb = new Workbook();
  await wb.xlsx.load(buf as never);
  const ws = wb.getWorksheet(sheet);
  if (!ws) throw new Error(`no sheet ${sheet}; sheets: ${wb.worksheets.map((w) => w.name).join(', ')}`);
  const out: string[][] = [];
  ws.eachRow({ includeEmpty: false }, (row) => {
    const cells: string[] = [];
    row.eachCell({ includeEmpty: true }, (cell, col) => (cells[col - 1] = text(cell.value)));
    out.push(Array.from(cells, (c) => c ?? ''));
  });
  return out;
}

// collects a binary response (an xlsx) into a Buffer for supertest
export function binaryParser(res: NodeJS.ReadableStream, cb: (err: Error | null, body: Buffer) => void): void {
  const parts: Buffer[] = [];
  res.on('data', (c: Buffer) => parts.push(c));
  res.on('end', () => cb(null, Buffer.concat(parts)));
}

export async function exportBank(t: TestApp, token: string, townId: number, bank: 'all' | 'builtin' | 'town' = 'town') {
  return t.http.get('/api/quiz/questions/export').query({ townId, bank }).set(t.bearer(token)).buffer(true).parse(binaryParser as never);
}

export async function importBank(t: TestApp, token: string, townId: number, file: Buffer, name = 'bank.xlsx') {
  return t.http.post('/api/quiz/questions/import').query({ townId }).set(t.bearer(token)).attach('file', file, name);
}
