import { BULLETIN_CATEGORY_LABELS, DashboardResponse, NODE_KIND_LABELS, TaskStatus } from '@wuzha/shared';
import { Workbook, Worksheet } from 'exceljs';
import { chinaTime } from './stats-math';

export const STATUS_LABELS: Record<TaskStatus, string> = { pending: '未转发', forwarded: '已转发', offline: '线下转发' };
export const LEVEL_LABELS: Record<number, string> = { 1: '村（社区）/单位', 2: '网格' };
export const SUMMARY_SHEET = '汇总';
export const ROWS_SHEET = '明细';
export const ROW_HEADERS = ['组织', '类型', '级别', '状态', '是否超时', '转发时间', '用时（分钟）', '登记群数', '触达群数', '阅读人数', '已阅确认'];

// The dashboard as a workbook: a summary sheet (the bulletin, levels, reach totals) and one row per
// forwarding task. Times in China time.
export async function buildDashboardWorkbook(view: DashboardResponse, exportedAt: Date): Promise<Buffer> {
  const wb = new Workbook();
  wb.creator = '无诈';
  wb.created = exportedAt;

  const summary = wb.addWorksheet(SUMMARY_SHEET);
  summary.columns = [{ width: 18 }, { width: 14 }, { width: 12 }, { width: 12 }, { width: 12 }, { width: 12 }, { width: 16 }, { width: 16 }];
  const b = view.bulletin;
  const info: Array<[string, string | number]> = [
    ['信息标题', b.title],
    ['栏目', BULLETIN_CATEGORY_LABELS[b.category]],
    ['统计范围', view.node.name],
    ['发布时间', chinaTime(b.publishedAt)],
    ['转发截止', b.forwardDeadline ? chinaTime(b.forwardDeadline) : '未设置'],
    ['导出时间', chinaTime(exportedAt)],
  ];
  for (const row of info) summary.addRow(row);
  summary.addRow([]);
  header(summary, ['级别', '任务数', '已转发', '线下转发', '未转发', '已超时', '用时中位数（分钟）', '90%完成用时（分钟）']);
  for (const l of view.levels) {
    summary.addRow([LEVEL_LABELS[l.level] ?? `第${l.level}级`, l.total, l.forwarded, l.offline, l.pending, l.overdue, l.medianMinutesToForward, l.p90MinutesToForward]);
  }
  summary.addRow([]);
  header(summary, ['登记群数', '触达群数', '群内阅读人数', '群内已阅', '线下转发', '全部阅读人数', '全部已阅']);
  const t = view.totals;
  summary.addRow([t.groupsRegistered, t.groupsReached, t.readers, t.confirmations, t.offlineForwards, t.allReaders, t.allConfirmations]);

  const rows = wb.addWorksheet(ROWS_SHEET, { views: [{ state: 'frozen', ySplit: 1 }] });
  rows.columns = [{ width: 22 }, { width: 10 }, { width: 16 }, { width: 10 }, { width: 10 }, { width: 18 }, { width: 12 }, { width: 10 }, { width: 10 }, { width: 10 }, { width: 10 }];
  header(rows, ROW_HEADERS);
  for (const r of view.rows) {
    rows.addRow([
      r.node.name,
      NODE_KIND_LABELS[r.node.kind],
      LEVEL_LABELS[r.level] ?? `第${r.level}级`,
      STATUS_LABELS[r.status],
      r.overdue ? '是' : '否',
      // empty cells stay empty (null), not empty strings
      r.forwardedAt ? chinaTime(r.forwardedAt) : null,
      r.minutesToForward,
      r.groupsRegistered,
      r.groupsReached,
      r.readers,
      r.confirmations,
    ]);
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}

function header(ws: Worksheet, titles: string[]): void {
  const row = ws.addRow(titles);
  row.font = { bold: true };
}
