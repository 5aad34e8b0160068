import { APPLICATION_STATUS_LABELS, AWARD_STATE_LABELS, INDICATOR_SOURCE_LABELS, NODE_KIND_LABELS, PERCENT_SOURCES, PROGRAM_KIND_LABELS, Rankings } from '@wuzha/shared';
import { Workbook } from 'exceljs';
import { chinaTime } from '../dashboard/stats-math';

export const RANKING_SHEETS = { rankings: '排名', about: '说明' } as const;
export const RANKING_HEADERS = ['排名', '组织', '类型', '总分'];
export const STATUS_HEADERS = ['申报状态', '称号状态'];

// The rankings as a workbook: one row per organisation (rank, total, each indicator's value and
// points, the application and the title), and the program with its indicators.
export async function buildRankingsWorkbook(view: Rankings, scopeName: string, exportedAt: Date): Promise<Buffer> {
  const wb = new Workbook();
  wb.creator = '无诈';
  wb.created = exportedAt;
  const defs = view.program.indicators;

  const ws = wb.addWorksheet(RANKING_SHEETS.rankings, { views: [{ state: 'frozen', ySplit: 1, xSplit: 2 }] });
  const headers = [...RANKING_HEADERS, ...defs.flatMap((d) => [PERCENT_SOURCES.includes(d.source) ? `${d.name}（%）` : d.name, `${d.name}得分`]), ...STATUS_HEADERS];
  ws.columns = headers.map((h, i) => ({ width: i === 1 ? 24 : Math.min(30, Math.max(10, h.length * 2)) }));
  ws.addRow(headers).font = { bold: true };
  for (const r of view.rows) {
    const byKey = new Map(r.values.map((v) => [v.key, v]));
    ws.addRow([
      r.rank,
      r.node.name,
      NODE_KIND_LABELS[r.node.kind],
      r.total,
      ...defs.flatMap((d) => {
        const v = byKey.get(d.key);
        return [v?.value ?? null, v?.score ?? 0];
      }),
      r.applicationStatus ? APPLICATION_STATUS_LABELS[r.applicationStatus] : '未申报',
      r.awardState ? AWARD_STATE_LABELS[r.awardState] : null,
    ]);
  }

  const about = wb.addWorksheet(RANKING_SHEETS.about);
  about.columns = [{ width: 28 }, { width: 16 }, { width: 8 }, { width: 10 }, { width: 10 }, { width: 40 }];
  const p = view.program;
  for (const row of [
    ['评比', p.title],
    ['类别', PROGRAM_KIND_LABELS[p.kind]],
    ['镇', p.town.name],
    ['范围', scopeName],
    ['统计周期', `${p.periodStart} 至 ${p.periodEnd}`],
    ['计算时间', view.computedAt ? chinaTime(view.computedAt) : '尚未计算'],
    ['导出时间', chinaTime(exportedAt)],
    [],
  ]) {
    about.addRow(row);
  }
  about.addRow(['指标', '来源', '分值', '目标', '计分', '说明']).font = { bold: true };
  for (const d of defs) about.addRow([d.name, INDICATOR_SOURCE_LABELS[d.source], d.weight, d.target, d.rule === 'threshold' ? '达标得分' : '按比例', d.note ?? '']);
  about.addRow([]);
  about.addRow(['说明', '同分同名次（1、2、2、4）；比率没有分母时为空，不得分；发案数、损失越少越好。']);
  return Buffer.from(await wb.xlsx.writeBuffer());
}
