import { FRAUD_TYPE_LABELS, NODE_KIND_LABELS, QuizMetrics, QuizStats } from '@wuzha/shared';
import { Workbook, Worksheet } from 'exceljs';
import { chinaTime } from '../dashboard/stats-math';

export const QUIZ_SHEETS = { summary: '汇总', children: '各组织', types: '骗局类型', questions: '题目', weekly: '每周' } as const;
export const CHILD_HEADERS = ['组织', '类型', '应参与人数', '参与人数', '参与率', '参与率排名', '合格人数', '知晓率', '知晓率排名', '平均正确率', '作答次数', '异常标记', '薄弱类型'];

// Shares stay shares in the cells (exact, as the API gives them), shown as percentages with one decimal;
// empty when there is nothing to divide by.
const PERCENT = '0.0%';

// A campaign's statistics as a workbook: the summary, one row per child organisation (with ranks),
// accuracy per fraud type, per question (weakest first) and per week. Organisations, never people.
export async function buildQuizStatsWorkbook(view: QuizStats, exportedAt: Date): Promise<Buffer> {
  const wb = new Workbook();
  wb.creator = '无诈';
  wb.created = exportedAt;

  const summary = wb.addWorksheet(QUIZ_SHEETS.summary);
  summary.columns = [{ width: 16 }, { width: 40 }];
  const s = view.summary;
  const info: Array<[string, string | number | null]> = [
    ['答题活动', view.campaign.title],
    ['统计范围', view.node.name],
    ['合格分数线', `${view.campaign.passPercent}分`],
    ['导出时间', chinaTime(exportedAt)],
    ...metricRows(s),
  ];
  for (const row of info) {
    const added = summary.addRow(row);
    if (row[0].endsWith('率')) added.getCell(2).numFmt = PERCENT;
  }
  summary.addRow([]);
  summary.addRow(['说明', '参与率＝参与人数÷应参与人数；知晓率＝合格人数÷参与人数；平均正确率＝答对题数÷作答题数（每人计入的那次作答）']);

  const weakest = new Map(view.weakest.map((w) => [w.node.id, w.fraudTypes.map((t) => FRAUD_TYPE_LABELS[t.fraudType]).join('、')]));
  const children = sheet(wb, QUIZ_SHEETS.children, CHILD_HEADERS, [22, 10, 12, 10, 10, 12, 10, 10, 12, 12, 10, 10, 36], [5, 8, 10]);
  for (const c of view.children) {
    children.addRow([
      c.node.name,
      NODE_KIND_LABELS[c.node.kind],
      c.population,
      c.participants,
      c.participation,
      c.participationRank,
      c.passed,
      c.awarenessRate,
      c.awarenessRank,
      c.meanAccuracy,
      c.attempts,
      c.flagged,
      weakest.get(c.node.id) || null,
    ]);
  }

  const types = sheet(wb, QUIZ_SHEETS.types, ['骗局类型', '作答题数', '答对题数', '正确率'], [24, 12, 12, 10], [4]);
  for (const t of view.byFraudType) types.addRow([FRAUD_TYPE_LABELS[t.fraudType], t.answered, t.correct, t.accuracy]);

  const questions = sheet(wb, QUIZ_SHEETS.questions, ['题目', '作答次数', '答对次数', '正确率'], [80, 12, 12, 10], [4]);
  for (const q of view.questions) questions.addRow([q.stem, q.answered, q.correct, q.correctRate]);

  const weekly = sheet(wb, QUIZ_SHEETS.weekly, ['周（周一）', '作答次数', '合格次数', '正确率'], [14, 12, 12, 10], [4]);
  for (const w of view.weekly) weekly.addRow([w.weekStart, w.attempts, w.passed, w.accuracy]);

  return Buffer.from(await wb.xlsx.writeBuffer());
}

function metricRows(m: QuizMetrics): Array<[string, number | null]> {
  return [
    ['应参与人数', m.population],
    ['参与人数', m.participants],
    ['参与率', m.participation],
    ['合格人数', m.passed],
    ['知晓率', m.awarenessRate],
    ['平均正确率', m.meanAccuracy],
    ['作答次数', m.attempts],
    ['异常标记次数', m.flagged],
  ];
}

// A sheet with a bold header row; `percentCols` (1-based) are shown as percentages.
function sheet(wb: Workbook, name: string, headers: string[], widths: number[], percentCols: number[]): Worksheet {
  const ws = wb.addWorksheet(name, { views: [{ state: 'frozen', ySplit: 1 }] });
  ws.columns = widths.map((width, i) => ({ width, style: percentCols.includes(i + 1) ? { numFmt: PERCENT } : {} }));
  ws.addRow(headers).font = { bold: true };
  return ws;
}
