import { MAX_ROSTER_ROWS } from '@wuzha/shared';
import { Workbook, Worksheet } from 'exceljs';
import { DomainError } from '../../common/domain-error';
import { cellText } from '../quiz-bank/question-xlsx';

// A roster file as rows of text cells, whatever it came as: an xlsx workbook, or a CSV saved by Excel
// (UTF-8 with or without BOM, or GBK as Excel in China saves "CSV (逗号分隔)"), or Excel's
// "Unicode 文本" (UTF-16 with BOM, tab-separated).

export const ROSTER_SHEET = '花名册';

export interface TableRow {
  // the row number people see in Excel (1-based, the header included)
  line: number;
  cells: string[];
}

const invalidFile = (message?: string) => new DomainError('ROSTER_FILE_INVALID', message);
const tooMany = () => new DomainError('ROSTER_TOO_MANY_ROWS');

// The header may sit below a title row ("和平镇中学七年级花名册"): allow a few rows above it.
export const MAX_ROWS_ABOVE_HEADER = 5;

export async function readRosterTable(buf: Buffer): Promise<TableRow[]> {
  if (buf.length >= 4 && buf.readUInt32LE(0) === 0x04034b50) return readXlsx(buf);
  // an old binary .xls (OLE compound file) is neither: ask for xlsx or CSV
  if (buf.length >= 8 && buf.readUInt32BE(0) === 0xd0cf11e0) throw invalidFile('这是旧版 Excel（.xls）文件，请在 Excel 里“另存为” xlsx 或 CSV 后再导入');
  return readCsv(decodeText(buf));
}

// ---- xlsx -------------------------------------------------------------------------------------

async function readXlsx(buf: Buffer): Promise<TableRow[]> {
  const wb = new Workbook();
  try {
    await wb.xlsx.load(buf as never);
  } catch {
    throw invalidFile();
  }
  const ws: Worksheet | undefined = wb.getWorksheet(ROSTER_SHEET) ?? wb.worksheets[0];
  if (!ws) throw invalidFile();
  // counted before reading any row (the header and a title row or two are allowed on top)
  if (ws.actualRowCount - 1 > MAX_ROSTER_ROWS + MAX_ROWS_ABOVE_HEADER) throw tooMany();
  const rows: TableRow[] = [];
  ws.eachRow({ includeEmpty: false }, (row, line) => {
    const cells: string[] = [];
    row.eachCell({ includeEmpty: false }, (cell, col) => (cells[col - 1] = cellText(cell.value)));
    rows.push({ line, cells: Array.from(cells, (c) => c ?? '') });
  });
  return rows;
}

// ---- CSV --------------------------------------------------------------------------------------

export function decodeText(buf: Buffer): string {
  if (buf.length >= 2 && buf[0] === 0xff && buf[1] === 0xfe) return new TextDecoder('utf-16le').decode(buf.subarray(2));
  if (buf.length >= 2 && buf[0] === 0xfe && buf[1] === 0xff) return new TextDecoder('utf-16be').decode(buf.subarray(2));
  const bom = buf.length >= 3 && buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf;
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bom ? buf.subarray(3) : buf);
  } catch {
    // not UTF-8: Excel in China saves CSV in GBK (GB18030 is its superset and decodes both)
    try {
      text = new TextDecoder('gb18030', { fatal: true }).decode(buf);
    } catch {
      throw invalidFile('无法识别文件的编码，请用下载的模板填写，或在 Excel 里另存为 xlsx 后再导入');
    }
  }
  // a binary file that happened to decode (an image, a zip that is not a workbook)
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u0008\u000e-\u001f]/.test(text)) throw invalidFile();
  return text;
}

// RFC 4180: quoted fields may hold separators, quotes ("") and line breaks. The separator is a comma,
// or a tab when the first line has tabs and no commas (Excel's "Unicode 文本" and pasted tables).
export function readCsv(text: string): TableRow[] {
  const firstLine = text.slice(0, text.search(/\r|\n|$/));
  const sep = firstLine.includes('\t') && !firstLine.includes(',') ? '\t' : ',';
  const rows: TableRow[] = [];
  let cells: string[] = [];
  let field = '';
  let quoted = false;
  let line = 1;
  let counted = 0;
  const endRow = () => {
    cells.push(field.trim());
    field = '';
    if (cells.some((c) => c !== '')) {
      if (++counted > MAX_ROSTER_ROWS + MAX_ROWS_ABOVE_HEADER + 1) throw tooMany();
      rows.push({ line, cells });
    }
    cells = [];
    line++;
  };
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i++;
        } else quoted = false;
      } else field += ch;
    } else if (ch === '"' && field.trim() === '') {
      field = '';
      quoted = true;
    } else if (ch === sep) {
      cells.push(field.trim());
      field = '';
    } else if (ch === '\r' || ch === '\n') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      endRow();
    } else field += ch;
  }
  if (field !== '' || cells.length) endRow();
  return rows;
}

