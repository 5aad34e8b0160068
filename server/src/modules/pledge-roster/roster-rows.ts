import { errorMessage, MAX_ROSTER_ROWS, normalizeStudentNo, RosterEntryInput } from '@wuzha/shared';
import { DomainError, FieldIssue } from '../../common/domain-error';
import { MAX_ROWS_ABOVE_HEADER, TableRow } from './roster-table';

// The rows of a roster file checked against the school's classes. Columns are found by their header
// (any order, other columns ignored, so a sheet with 序号 or 性别 imports as is):
//   班级 (required)    the class: 七年级1班, or grade and class as 七年级/1班, 七年级 1班, 七年级（1）班,
//                     七年级一班; or a separate 年级 column with 1班 (or 1) in 班级
//   姓名 (required)    2 to 20 characters
//   学号 (required)    letters, digits and "-", unique in the school (the key of an update)
//   出生年份 (optional) 2012, 2012年 or a date (only the year is kept)
//   家长手机号 (optional) 11 digits (spaces, dashes and +86 are dropped)
// Rows whose 姓名 starts with 示例 are the template's examples and are skipped.

export const COLUMNS = ['班级', '姓名', '学号', '出生年份', '家长手机号'] as const;
type Column = (typeof COLUMNS)[number] | '年级';
const REQUIRED: Column[] = ['班级', '姓名', '学号'];
const ALIASES: Record<Column, string[]> = {
  班级: ['班级', '班别', '所在班级'],
  年级: ['年级'],
  姓名: ['姓名', '学生姓名'],
  学号: ['学号', '学生学号'],
  出生年份: ['出生年份', '出生年', '出生年月', '出生日期'],
  家长手机号: ['家长手机号', '家长手机', '家长电话', '家长联系电话', '监护人手机号', '监护人手机', '监护人电话'],
};
const COLUMN_OF_FIELD: Record<string, Column> = { classId: '班级', name: '姓名', studentNo: '学号', birthYear: '出生年份', guardianPhone: '家长手机号' };
const COLUMN_ORDER: Column[] = ['年级', ...COLUMNS];
export const EXAMPLE_PREFIX = '示例';
// as RosterEntryInput (checked here first for a Chinese message)
const MIN_BIRTH_YEAR = 1990;
// errors listed in the response (the rest are counted in the message)
export const MAX_REPORTED_ERRORS = 100;

export interface RosterRow {
  line: number;
  classId: number;
  name: string;
  studentNo: string;
  birthYear: number | null;
  guardianPhone: string | null;
}

export interface SchoolClass {
  id: number;
  name: string;
  // the grade the class sits in (null if none)
  gradeName: string | null;
}

// ---- class names ------------------------------------------------------------------------------

const CN_DIGIT: Record<string, number> = { 零: 0, 〇: 0, 一: 1, 二: 2, 两: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9 };

// 一…九十九 as a number (null when not such a numeral)
function cnNumber(s: string): number | null {
  if (/^[零〇一二两三四五六七八九]$/.test(s)) return CN_DIGIT[s];
  const m = /^([一二三四五六七八九])?十([一二三四五六七八九])?$/.exec(s);
  if (!m) return null;
  return (m[1] ? CN_DIGIT[m[1]] : 1) * 10 + (m[2] ? CN_DIGIT[m[2]] : 0);
}

// The comparable form of a class name: full-width folded, separators and brackets dropped, the class
// number in digits without leading zeros, 班 appended to a bare number (七年级（1）班 = 七年级1班 =
// 七年级 一班 = 七年级/01班; 年级 七年级 + 班级 1 = 七年级1班).
export function classKey(text: string): string {
  let k = text.normalize('NFKC').replace(/[\s/\\\-_·、,.。()（）【】[\]]+/g, '');
  // the longest numeral before 班 that reads as one (初二二十班: 二十)
  const run = /([零〇一二两三四五六七八九十]+)班$/.exec(k)?.[1] ?? '';
  for (let len = Math.min(3, run.length); len >= 1; len--) {
    const v = cnNumber(run.slice(-len));
    if (v !== null) {
      k = `${k.slice(0, k.length - 1 - len)}${v}班`;
      break;
    }
  }
  k = k.replace(/(\d+)(班?)$/, (_, d: string) => `${Number(d)}班`);
  return k.toUpperCase();
}

// Class lookup by the names people write. A key two classes share (1班 in two grades) is ambiguous:
// the answer then names the candidates.
export type ClassMatch = { id: number } | { ambiguous: string[] } | null;
export function classMatcher(classes: readonly SchoolClass[]): (text: string) => ClassMatch {
  const byKey = new Map<string, SchoolClass[]>();
  const add = (key: string, c: SchoolClass) => {
    const list = byKey.get(key) ?? [];
    if (!list.includes(c)) byKey.set(key, [...list, c]);
  };
  for (const c of classes) {
    add(classKey(c.name), c);
    if (!c.gradeName) continue;
    // 七年级1班 in grade 七年级 is also 1班; a class named 1班 is also 七年级1班
    if (c.name.startsWith(c.gradeName)) add(classKey(c.name.slice(c.gradeName.length)), c);
    else add(classKey(c.gradeName + c.name), c);
  }
  return (text) => {
    const found = byKey.get(classKey(text));
    if (!found) return null;
    return found.length === 1 ? { id: found[0].id } : { ambiguous: found.map((c) => (c.gradeName && !c.name.startsWith(c.gradeName) ? c.gradeName + c.name : c.name)) };
  };
}

// ---- cells ------------------------------------------------------------------------------------

const headerName = (cell: string) => cell.normalize('NFKC').replace(/\s+/g, '').replace(/[*＊]/g, '').replace(/[(（][^)）]*[)）]$/, '');

function birthYearOf(text: string): number | null | 'invalid' {
  if (text === '') return null;
  // 2012, 2012年, 2012-05, 2012.5.1, 2012/05/01, or a date cell read as ISO text
  const m = /^(\d{4})(?:年.*|[-/.]\d{1,2}.*)?$/.exec(text.normalize('NFKC'));
  return m ? Number(m[1]) : 'invalid';
}

function phoneOf(text: string): string | null {
  if (text === '') return null;
  const digits = text.normalize('NFKC').replace(/[\s\-()]/g, '').replace(/^\+?86(?=1\d{10}$)/, '');
  return digits;
}

// ---- rows -------------------------------------------------------------------------------------

// Finds the header row (the first row naming 姓名 or 学号, within the first few rows) and maps columns.
function headerOf(rows: readonly TableRow[]): { index: number; columns: Map<Column, number> } {
  if (rows.length === 0) throw new DomainError('ROSTER_FILE_INVALID', '文件是空的，请用下载的模板填写');
  const candidates = rows.slice(0, MAX_ROWS_ABOVE_HEADER + 1);
  let index = candidates.findIndex((r) => r.cells.some((c) => ['姓名', '学号'].includes(headerName(c))));
  if (index < 0) index = 0;
  const columns = new Map<Column, number>();
  rows[index].cells.forEach((cell, i) => {
    const name = headerName(cell);
    for (const [col, names] of Object.entries(ALIASES) as [Column, string[]][]) {
      if (names.includes(name) && !columns.has(col)) columns.set(col, i);
    }
  });
  const missing = REQUIRED.filter((c) => !columns.has(c));
  if (missing.length) {
    throw new DomainError('ROSTER_FILE_INVALID', `表格第一行缺少这些列：${missing.join('、')}。列名应为 ${COLUMNS.join('、')}（出生年份、家长手机号可以不填），请用下载的模板填写`);
  }
  return { index, columns };
}

// Every data row checked; any problem → ROSTER_IMPORT_INVALID with the first errors as
// { path: '第N行 列名', message } (nothing is written then). Student numbers come back normalized.
export function parseRosterRows(rows: readonly TableRow[], classes: readonly SchoolClass[], now: Date): RosterRow[] {
  const { index, columns } = headerOf(rows);
  const data = rows.slice(index + 1);
  if (data.length > MAX_ROSTER_ROWS) throw new DomainError('ROSTER_TOO_MANY_ROWS');
  const matchClass = classMatcher(classes);
  const thisYear = new Date(now.getTime() + 8 * 3600_000).getUTCFullYear();
  const errors: FieldIssue[] = [];
  const out: RosterRow[] = [];
  const linesByNo = new Map<string, number[]>();

  for (const row of data) {
    const get = (col: Column) => {
      const i = columns.get(col);
      return i === undefined ? '' : (row.cells[i] ?? '').trim();
    };
    if (COLUMN_ORDER.every((c) => get(c) === '')) continue;
    if (get('姓名').startsWith(EXAMPLE_PREFIX)) continue;
    const rowErrors: FieldIssue[] = [];
    const fail = (col: Column, message: string) => {
      if (!rowErrors.some((e) => e.path.endsWith(` ${col}`))) rowErrors.push({ path: `第${row.line}行 ${col}`, message });
    };

    const grade = get('年级');
    const classText = get('班级');
    let classId: number | null = null;
    if (!classText) fail('班级', '请填写班级');
    else {
      const found = grade ? (matchClass(`${grade}${classText}`) ?? matchClass(classText)) : matchClass(classText);
      if (found && 'ambiguous' in found) fail('班级', `本校有不止一个“${classText}”，请写上年级，如 ${found.ambiguous[0]}`);
      else if (found === null) fail('班级', `本校没有“${grade && !classText.startsWith(grade) ? grade : ''}${classText}”这个班级，可填的班级见模板里的“班级”表`);
      else classId = found.id;
    }

    const birth = birthYearOf(get('出生年份'));
    if (birth === 'invalid') fail('出生年份', '出生年份请填四位数字，如 2012');
    else if (birth !== null && birth > thisYear) fail('出生年份', '出生年份不能晚于今年');
    else if (birth !== null && birth < MIN_BIRTH_YEAR) fail('出生年份', `出生年份不能早于${MIN_BIRTH_YEAR}年`);

    const parsed = RosterEntryInput.safeParse({
      // a placeholder when the class is unknown: its error is already reported
      classId: classId ?? 1,
      name: get('姓名'),
      studentNo: get('学号'),
      birthYear: birth === 'invalid' || (birth !== null && birth < MIN_BIRTH_YEAR) ? null : birth,
      guardianPhone: phoneOf(get('家长手机号')),
    });
    if (!parsed.success) {
      for (const issue of parsed.error.issues) {
        const col = COLUMN_OF_FIELD[String(issue.path[0])];
        if (col) fail(col, issue.message);
      }
    }
    if (parsed.success) {
      const no = normalizeStudentNo(parsed.data.studentNo);
      linesByNo.set(no, [...(linesByNo.get(no) ?? []), row.line]);
      if (rowErrors.length === 0) out.push({ line: row.line, classId: classId!, name: parsed.data.name, studentNo: no, birthYear: parsed.data.birthYear, guardianPhone: parsed.data.guardianPhone });
    }
    errors.push(...rowErrors);
  }

  // a number twice in the file: every row holding it is named
  for (const [no, lines] of linesByNo) {
    if (lines.length < 2) continue;
    for (const line of lines) errors.push({ path: `第${line}行 学号`, message: `学号“${no}”在第${lines.join('、')}行重复出现，同一所学校的学号不能重复` });
  }

  if (errors.length) {
    const lineOf = (e: FieldIssue) => Number(/^第(\d+)行/.exec(e.path)![1]);
    const colOf = (e: FieldIssue) => COLUMN_ORDER.indexOf(e.path.split(' ')[1] as Column);
    errors.sort((a, b) => lineOf(a) - lineOf(b) || colOf(a) - colOf(b));
    const more = errors.length > MAX_REPORTED_ERRORS ? `（共${errors.length}处错误，只列出前${MAX_REPORTED_ERRORS}处）` : `（共${errors.length}处错误）`;
    throw new DomainError('ROSTER_IMPORT_INVALID', `${errorMessage('ROSTER_IMPORT_INVALID')}${more}`, errors.slice(0, MAX_REPORTED_ERRORS));
  }
  if (out.length === 0) throw new DomainError('ROSTER_FILE_INVALID', '表格里没有学生，请从列名的下一行起一行填一名学生');
  return out;
}
