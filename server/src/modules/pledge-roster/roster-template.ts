import { GUARDIAN_AGE, MAX_ROSTER_ROWS } from '@wuzha/shared';
import { Workbook } from 'exceljs';
import { COLUMNS, EXAMPLE_PREFIX, SchoolClass } from './roster-rows';
import { ROSTER_SHEET } from './roster-table';

export const CLASS_SHEET = '班级';
export const HELP_SHEET = '说明';

// The roster template of a school: sheet 花名册 (the headers and two example rows), sheet 班级 (the
// school's classes as the import accepts them) and sheet 说明 (how to fill it in).
export async function buildRosterTemplate(schoolName: string, classes: readonly SchoolClass[], now: Date): Promise<Buffer> {
  const wb = new Workbook();
  wb.creator = '无诈';
  wb.created = now;
  const ws = wb.addWorksheet(ROSTER_SHEET, { views: [{ state: 'frozen', ySplit: 1 }] });
  ws.columns = [{ width: 16 }, { width: 14 }, { width: 16 }, { width: 12 }, { width: 16 }];
  ws.addRow([...COLUMNS]).font = { bold: true };
  // 学号 and 家长手机号 as text: Excel would drop a leading zero or show 1.38E+10
  for (const col of [3, 5]) ws.getColumn(col).numFmt = '@';
  const first = classes[0]?.name ?? '七年级1班';
  const thisYear = new Date(now.getTime() + 8 * 3600_000).getUTCFullYear();
  const examples = [
    [first, `${EXAMPLE_PREFIX}张小明`, '20240101', thisYear - 13, '13800000000'],
    [first, `${EXAMPLE_PREFIX}李小红`, '20240102', null, null],
  ];
  for (const r of examples) ws.addRow(r).font = { italic: true, color: { argb: 'FF888888' } };

  const cs = wb.addWorksheet(CLASS_SHEET);
  cs.columns = [{ width: 14 }, { width: 18 }];
  cs.addRow(['年级', '班级（填这一列的名称）']).font = { bold: true };
  for (const c of classes) cs.addRow([c.gradeName ?? '', c.name]);

  const help = wb.addWorksheet(HELP_SHEET);
  help.columns = [{ width: 12 }, { width: 90 }];
  const lines: Array<[string, string]> = [
    ['说明', `${schoolName}学生花名册。在“${ROSTER_SHEET}”表里一行填一名学生，第一行的列名不要改。导入时整张表检查一遍，有一处错误就全部退回，一名学生也不会导入。以“${EXAMPLE_PREFIX}”开头的姓名是示例，导入时跳过，可以删掉。`],
    ['班级', `本校的班级见“${CLASS_SHEET}”表。可以写“七年级1班”，也可以写“七年级 1班”“七年级（1）班”“七年级一班”；也可以加一列“年级”，班级列只写“1班”。`],
    ['姓名', '学生的真实姓名，2到20个字。签署承诺书时学生（或家长）要填写同样的姓名。'],
    ['学号', '字母、数字和“-”，最长20位，同一所学校不能重复。已在花名册里的学号再次导入时会更新这名学生的信息（例如调班）。'],
    ['出生年份', `可以不填。只填年份，如 ${thisYear - 13}；未满${GUARDIAN_AGE}周岁的学生由家长签署。`],
    ['家长手机号', '可以不填。填写后，家长用这个手机号登录小程序即可看到要为孩子签署的承诺书。只显示为 138****0000 这样的形式。'],
    ['不要填', '身份证号、家庭住址等信息不需要，也不会被导入。'],
    ['数量', `一次最多导入${MAX_ROSTER_ROWS}名学生。也可以另存为 CSV（逗号分隔）后导入。`],
  ];
  for (const [k, v] of lines) {
    const row = help.addRow([k, v]);
    row.getCell(1).font = { bold: true };
    row.getCell(2).alignment = { wrapText: true, vertical: 'top' };
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}
