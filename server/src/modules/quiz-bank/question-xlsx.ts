import {
  AUDIENCE_TAG_LABELS,
  AUDIENCE_TAGS,
  DIFFICULTY_LABELS,
  errorMessage,
  FRAUD_TYPE_LABELS,
  FRAUD_TYPES,
  MAX_IMPORT_ROWS,
  optionLetter,
  QUESTION_TYPE_LABELS,
  QUESTION_TYPES,
  QuestionInput,
  QuestionStatus,
  TRUE_FALSE_OPTIONS,
} from '@wuzha/shared';
import { CellValue, Workbook, Worksheet } from 'exceljs';
import { DomainError, FieldIssue } from '../../common/domain-error';
import { QuestionContent, contentOf } from './question-content';

// The bank as a workbook people fill in by hand: sheet 题库 (one question a row, Chinese labels)
// and sheet 说明 (how to fill it in). An export imports back unchanged.

export const BANK_SHEET = '题库';
export const HELP_SHEET = '说明';
const OPTION_COLUMNS = [0, 1, 2, 3, 4, 5].map((i) => `选项${optionLetter(i)}`);
export const HEADERS = ['编号', '题型', '题干', ...OPTION_COLUMNS, '答案', '解析', '类型', '适用人群', '难度', '出处', '状态'];
const REQUIRED = ['题型', '题干', '答案', '解析', '类型', '难度'];
const STATUS_LABELS: Record<QuestionStatus, string> = { active: '启用', retired: '停用' };
// errors listed in the response (the rest are counted in the message)
export const MAX_REPORTED_ERRORS = 100;

export interface BankRow {
  code: string;
  status: QuestionStatus;
  content: QuestionContent;
}

export interface ParsedRow {
  // the row number people see in Excel (the header is row 1)
  line: number;
  code: string | null;
  // null: not given (a new question is active, an existing one keeps its status)
  status: QuestionStatus | null;
  content: QuestionContent;
}

const joinLabels = (labels: string[]) => labels.join('、');

export async function buildBankWorkbook(rows: readonly BankRow[], meta: { title: string; exportedAt: Date }): Promise<Buffer> {
  const wb = new Workbook();
  wb.creator = '无诈';
  wb.created = meta.exportedAt;
  const ws = wb.addWorksheet(BANK_SHEET, { views: [{ state: 'frozen', ySplit: 1 }] });
  ws.columns = HEADERS.map((h) => ({ width: h === '题干' || h === '解析' ? 40 : h.startsWith('选项') ? 18 : h === '类型' || h === '出处' ? 20 : 10 }));
  ws.addRow(HEADERS).font = { bold: true };
  for (const r of rows) {
    const c = r.content;
    const options = OPTION_COLUMNS.map((_, i) => c.options[i] ?? null);
    const answer = c.type === 'true_false' ? TRUE_FALSE_OPTIONS[c.answer[0]] : c.answer.map(optionLetter).join('');
    ws.addRow([
      r.code,
      QUESTION_TYPE_LABELS[c.type],
      c.stem,
      ...options,
      answer,
      c.explanation,
      joinLabels(c.fraudTypes.map((t) => FRAUD_TYPE_LABELS[t])),
      c.audiences.length ? joinLabels(c.audiences.map((a) => AUDIENCE_TAG_LABELS[a])) : null,
      DIFFICULTY_LABELS[c.difficulty as 1 | 2 | 3],
      c.source,
      STATUS_LABELS[r.status],
    ]);
  }
  // text cells: a stem like "=1+1" or "001" stays what it is
  for (let col = 1; col <= HEADERS.length; col++) ws.getColumn(col).numFmt = '@';
  addHelpSheet(wb, meta.title);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

function addHelpSheet(wb: Workbook, title: string): void {
  const ws = wb.addWorksheet(HELP_SHEET);
  ws.columns = [{ width: 12 }, { width: 90 }];
  const lines: Array<[string, string]> = [
    ['说明', `${title}。在“${BANK_SHEET}”表里一行填一道题，第一行的列名不要改。导入时整张表检查一遍，有一处错误就全部退回，一道题也不会导入。`],
    ['编号', '导出的题目带编号，改好后原样导入会修改这道题；新题目留空，系统自动编号（如 T-000123）。编号由字母、数字、“-”组成，同一个表里不能重复。系统题库的题目（编号以 SYS- 开头）不能导入，如要改编，请删除编号后作为新题目导入。'],
    ['题型', `${QUESTION_TYPES.map((t) => QUESTION_TYPE_LABELS[t]).join('、')}。`],
    ['题干', '题目本身，4到500个字。'],
    ['选项A…F', '从选项A开始连续填写，单选题、多选题2到6个选项，选项不能重复。判断题的选项可以不填（固定为“正确”“错误”）。'],
    ['答案', '填选项字母，单选题如 A，多选题如 ACD（至少两个）。判断题填“正确”或“错误”（也可填 A 或 B）。'],
    ['解析', '答题后给大家看的讲解，4到1000个字。'],
    ['类型', `至少一个，最多四个，多个用“、”隔开。可填：${joinLabels(FRAUD_TYPES.map((t) => FRAUD_TYPE_LABELS[t]))}。`],
    ['适用人群', `可以不填，多个用“、”隔开。可填：${joinLabels(AUDIENCE_TAGS.map((a) => AUDIENCE_TAG_LABELS[a]))}。`],
    ['难度', `${joinLabels(Object.values(DIFFICULTY_LABELS))}（也可填 1、2、3）。`],
    ['出处', '可以不填，如《反电信网络诈骗法》第三十一条。'],
    ['状态', '启用或停用；不填时新题目为启用，已有题目保持原状态。停用的题目不会被抽到。'],
    ['数量', `一次最多导入${MAX_IMPORT_ROWS}道题。已被作答过的题目修改后会生成新版本，以前的答题记录不受影响。`],
  ];
  for (const [k, v] of lines) {
    const row = ws.addRow([k, v]);
    row.getCell(1).font = { bold: true };
    row.getCell(2).alignment = { wrapText: true, vertical: 'top' };
  }
}

// ---- reading ----------------------------------------------------------------------------------

// A cell as the text people typed: rich text joined, formulas by their result, numbers as written.
export function cellText(v: CellValue): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'string') return v.trim();
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (v instanceof Date) return v.toISOString();
  if (typeof v === 'object') {
    if ('richText' in v) return v.richText.map((r) => r.text).join('').trim();
    if ('text' in v) return String(v.text).trim();
    if ('result' in v) return cellText(v.result as CellValue);
    if ('error' in v) return '';
  }
  return String(v).trim();
}

const inverse = <K extends string>(labels: Record<K, string>, keys: readonly K[]) => {
  const m = new Map<string, K>();
  for (const k of keys) {
    m.set(labels[k], k);
    m.set(k, k);
  }
  return m;
};
const TYPE_BY_LABEL = inverse(QUESTION_TYPE_LABELS, QUESTION_TYPES);
TYPE_BY_LABEL.set('单选', 'single').set('多选', 'multiple').set('判断', 'true_false');
const FRAUD_BY_LABEL = inverse(FRAUD_TYPE_LABELS, FRAUD_TYPES);
const AUDIENCE_BY_LABEL = inverse(AUDIENCE_TAG_LABELS, AUDIENCE_TAGS);
const DIFFICULTY_BY_LABEL = new Map<string, number>(Object.entries(DIFFICULTY_LABELS).flatMap(([n, l]) => [[l, Number(n)], [n, Number(n)]]));
const STATUS_BY_LABEL = new Map<string, QuestionStatus>([['启用', 'active'], ['停用', 'retired'], ['active', 'active'], ['retired', 'retired']]);
const TRUE_WORDS = new Set(['正确', '对', '√', '是', 'A', 'T', 'TRUE']);
const FALSE_WORDS = new Set(['错误', '错', '×', '否', 'B', 'F', 'FALSE']);
const LIST_SEPARATORS = /[、,，;；\s]+/;
const CODE_PATTERN = /^[A-Za-z0-9_-]{1,32}$/;
const FIELD_COLUMNS: Record<string, string> = {
  type: '题型',
  stem: '题干',
  options: '选项',
  answer: '答案',
  explanation: '解析',
  fraudTypes: '类型',
  audiences: '适用人群',
  difficulty: '难度',
  source: '出处',
};

const invalidFile = (message?: string) => new DomainError('IMPORT_FILE_INVALID', message);

async function loadSheet(buf: Buffer): Promise<Worksheet> {
  // an xlsx is a zip archive
  if (buf.length < 4 || buf.readUInt32LE(0) !== 0x04034b50) throw invalidFile();
  const wb = new Workbook();
  try {
    await wb.xlsx.load(buf as never);
  } catch {
    throw invalidFile();
  }
  const ws = wb.getWorksheet(BANK_SHEET) ?? wb.worksheets[0];
  if (!ws) throw invalidFile();
  return ws;
}

// Parses every row of the sheet. Any problem → IMPORT_INVALID listing the first errors as
// { path: '第N行 列名', message }; the caller writes nothing then.
export async function parseBankWorkbook(buf: Buffer): Promise<ParsedRow[]> {
  const ws = await loadSheet(buf);
  const columns = new Map<string, number>();
  ws.getRow(1).eachCell((cell, col) => {
    const name = cellText(cell.value).replace(/\s+/g, '');
    if (name && !columns.has(name)) columns.set(name, col);
  });
  const missing = REQUIRED.filter((h) => !columns.has(h));
  if (missing.length) throw invalidFile(`表格第一行缺少这些列：${missing.join('、')}。请用导出的表格填写`);
  // counted before reading any row
  if (ws.actualRowCount - 1 > MAX_IMPORT_ROWS) throw new DomainError('IMPORT_TOO_MANY_ROWS');

  const errors: FieldIssue[] = [];
  const out: ParsedRow[] = [];
  const codeLines = new Map<string, number>();
  ws.eachRow({ includeEmpty: false }, (row, line) => {
    if (line === 1) return;
    const get = (header: string) => {
      const col = columns.get(header);
      return col ? cellText(row.getCell(col).value) : '';
    };
    if (HEADERS.every((h) => get(h) === '')) return;
    const rowErrors: FieldIssue[] = [];
    const fail = (column: string, message: string) => rowErrors.push({ path: `第${line}行 ${column}`, message });

    const code = get('编号') || null;
    if (code !== null) {
      const key = code.toUpperCase();
      if (key.startsWith('SYS-')) fail('编号', '系统题库的编号不能导入，请删除编号列的内容，作为新题目导入');
      else if (!CODE_PATTERN.test(code)) fail('编号', '编号只能由字母、数字、“-”和“_”组成，最长32位');
      else if (codeLines.has(key)) fail('编号', `编号和第${codeLines.get(key)}行重复`);
      else codeLines.set(key, line);
    }

    const typeText = get('题型');
    const type = TYPE_BY_LABEL.get(typeText);
    if (!typeText) fail('题型', '请填写题型');
    else if (!type) fail('题型', `不认识的题型“${typeText}”，请填单选题、多选题或判断题`);

    let options = OPTION_COLUMNS.map(get);
    while (options.length && options[options.length - 1] === '') options.pop();
    const gap = options.indexOf('');
    if (gap >= 0) fail(OPTION_COLUMNS[gap], `${OPTION_COLUMNS[gap]}是空的，选项要从A开始连续填写`);
    if (type === 'true_false' && options.length === 0) options = [...TRUE_FALSE_OPTIONS];

    const answerText = get('答案');
    let answer: number[] = [];
    if (!answerText) fail('答案', '请填写答案');
    else if (type === 'true_false') {
      const word = answerText.toUpperCase();
      if (TRUE_WORDS.has(word)) answer = [0];
      else if (FALSE_WORDS.has(word)) answer = [1];
      else fail('答案', '判断题的答案请填“正确”或“错误”');
    } else {
      const letters = answerText.toUpperCase().replace(/[\s,，、;；]+/g, '');
      if (!/^[A-F]+$/.test(letters)) fail('答案', '答案请填选项字母，如 A 或 ACD');
      else answer = [...letters].map((ch) => ch.charCodeAt(0) - 65);
    }

    const labels = <K extends string>(column: string, text: string, map: Map<string, K>): K[] => {
      const out: K[] = [];
      const unknown: string[] = [];
      for (const part of text.split(LIST_SEPARATORS).filter(Boolean)) {
        const key = map.get(part);
        if (key) out.push(key);
        else unknown.push(`“${part}”`);
      }
      if (unknown.length) fail(column, `不认识的${column}${unknown.join('')}，可填的内容见“${HELP_SHEET}”表`);
      return out;
    };
    const fraudTypes = labels('类型', get('类型'), FRAUD_BY_LABEL);
    const audiences = labels('适用人群', get('适用人群'), AUDIENCE_BY_LABEL);

    const difficultyText = get('难度');
    const difficulty = DIFFICULTY_BY_LABEL.get(difficultyText);
    if (!difficultyText) fail('难度', '请填写难度');
    else if (difficulty === undefined) fail('难度', '难度请填容易、中等或较难（或 1、2、3）');

    const statusText = get('状态');
    const status = statusText ? STATUS_BY_LABEL.get(statusText) : null;
    if (status === undefined) fail('状态', '状态请填启用或停用，也可以不填');

    const source = get('出处');
    const parsed = QuestionInput.safeParse({
      type,
      stem: get('题干'),
      options,
      answer,
      explanation: get('解析'),
      fraudTypes,
      audiences,
      difficulty,
      ...(source ? { source } : {}),
    });
    if (!parsed.success) {
      // a column that already has an error is reported once
      const reported = new Set(rowErrors.map((e) => e.path.split(' ')[1]));
      for (const issue of parsed.error.issues) {
        const [field, index] = issue.path;
        const column = field === 'options' && typeof index === 'number' ? OPTION_COLUMNS[index] : FIELD_COLUMNS[String(field)] ?? String(field);
        if (reported.has(column) || (field === 'options' && [...reported].some((c) => c.startsWith('选项')))) continue;
        reported.add(column);
        fail(column, issue.message);
      }
    }
    if (rowErrors.length || !parsed.success) {
      errors.push(...rowErrors);
      return;
    }
    out.push({ line, code, status: status ?? null, content: contentOf(parsed.data) });
  });
  if (errors.length) {
    const more = errors.length > MAX_REPORTED_ERRORS ? `（共${errors.length}处错误，只列出前${MAX_REPORTED_ERRORS}处）` : `（共${errors.length}处错误）`;
    throw new DomainError('IMPORT_INVALID', `${errorMessage('IMPORT_INVALID')}${more}`, errors.slice(0, MAX_REPORTED_ERRORS));
  }
  if (out.length === 0) throw invalidFile('表格里没有题目，请在第二行起填写');
  return out;
}
