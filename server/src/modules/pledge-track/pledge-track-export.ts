import { GUARDIAN_RELATIONSHIP_LABELS, GuardianRelationship, NODE_KIND_LABELS, NodeKind, pathIds, PledgeAudience, PledgeProgress } from '@wuzha/shared';
import { Workbook } from 'exceljs';
import { safeFileName } from '../../common/xlsx-download';
import { chinaTime } from '../dashboard/stats-math';
import type { Subject } from './pledge-signers.queries';

export const PLEDGE_SHEETS = { signers: '签署名单', summary: '汇总' } as const;

const SIGNER_TYPE_LABELS: Record<string, string> = { self: '本人', guardian: '监护人', unit: '单位' };
const PERCENT = '0.0%';

interface Column {
  header: string;
  width: number;
  value: (s: Subject, signerName: string | null) => string | number | null;
}

const status = (s: Subject) => (s.signature ? '已签' : '未签');
const signedAt = (s: Subject) => (s.signature ? chinaTime(s.signature.signedAt) : null);
const code = (s: Subject) => s.signature?.code ?? null;

// Columns per audience. Students: the school needs full names (only children-access roles export them).
const COLUMNS: Record<PledgeAudience, Column[]> = {
  students: [
    { header: '班级', width: 16, value: (s) => s.node.name },
    { header: '学号', width: 14, value: (s) => s.studentNo },
    { header: '姓名', width: 12, value: (s) => s.name },
    { header: '状态', width: 8, value: status },
    { header: '签署人', width: 10, value: (s) => (s.signature ? SIGNER_TYPE_LABELS[s.signature.signerType] ?? s.signature.signerType : null) },
    { header: '关系', width: 14, value: (s) => (s.signature?.relationship ? GUARDIAN_RELATIONSHIP_LABELS[s.signature.relationship as GuardianRelationship] ?? s.signature.relationship : null) },
    { header: '签署人姓名', width: 12, value: (_, name) => name },
    { header: '签署时间', width: 18, value: signedAt },
    { header: '核验码', width: 14, value: code },
  ],
  residents: [
    { header: '所在组织', width: 18, value: (s) => s.node.name },
    { header: '姓名', width: 12, value: (s) => s.name },
    { header: '状态', width: 8, value: status },
    { header: '签署人姓名', width: 12, value: (_, name) => name },
    { header: '签署时间', width: 18, value: signedAt },
    { header: '核验码', width: 14, value: code },
  ],
  staff: [],
  units: [
    { header: '单位', width: 24, value: (s) => s.name },
    { header: '类型', width: 10, value: (s) => NODE_KIND_LABELS[s.node.kind as NodeKind] ?? s.node.kind },
    { header: '状态', width: 8, value: status },
    { header: '签署人', width: 12, value: (_, name) => name },
    { header: '职务', width: 12, value: (s) => s.signature?.signerTitle ?? null },
    { header: '签署时间', width: 18, value: signedAt },
    { header: '核验码', width: 14, value: code },
  ],
};
COLUMNS.staff = COLUMNS.residents;

export const SIGNER_HEADERS: Record<PledgeAudience, string[]> = Object.fromEntries(
  Object.entries(COLUMNS).map(([a, cols]) => [a, cols.map((c) => c.header)]),
) as Record<PledgeAudience, string[]>;

// The signed and unsigned list of a node as a workbook: the list (unsigned first, then by class and
// number or by name) and a summary sheet with the counts the progress view shows.
export async function buildSignersWorkbook(
  progress: Pick<PledgeProgress, 'campaign' | 'node' | 'summary'>,
  audience: PledgeAudience,
  subjects: readonly Subject[],
  signerName: (s: Subject) => string | null,
  exportedAt: Date,
): Promise<Buffer> {
  const wb = new Workbook();
  wb.creator = '无诈';
  wb.created = exportedAt;
  const cols = COLUMNS[audience];
  const list = wb.addWorksheet(PLEDGE_SHEETS.signers, { views: [{ state: 'frozen', ySplit: 1 }] });
  list.columns = cols.map((c) => ({ width: c.width }));
  list.addRow(cols.map((c) => c.header)).font = { bold: true };
  for (const s of subjects) {
    const name = s.signature ? signerName(s) : null;
    list.addRow(cols.map((c) => c.value(s, name)));
  }
  const summary = wb.addWorksheet(PLEDGE_SHEETS.summary);
  summary.columns = [{ width: 14 }, { width: 40 }];
  const p = progress.summary;
  const rows: Array<[string, string | number | null]> = [
    ['签署活动', progress.campaign.title],
    ['统计范围', progress.node.name],
    ['应签', p.total],
    ['已签', p.signed],
    ['未签', p.total - p.signed],
    ['签署率', p.rate === null ? null : p.rate / 100],
    ['目标', `${progress.campaign.targetPercent}%`],
    ['导出时间', chinaTime(exportedAt)],
  ];
  for (const r of rows) {
    const added = summary.addRow(r);
    if (r[0] === '签署率') added.getCell(2).numFmt = PERCENT;
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}

// Export order: unsigned first (the list to chase), then by node and number (students) or name.
export function exportOrder(a: Subject, b: Subject): number {
  return (
    Number(!!a.signature) - Number(!!b.signature) ||
    comparePaths(a.node.path, b.node.path) ||
    (a.studentNo ?? '').localeCompare(b.studentNo ?? '', 'en', { numeric: true }) ||
    a.name.localeCompare(b.name, 'zh')
  );
}

// Tree order: ids compared as numbers along the path ('/1/9/' before '/1/10/').
function comparePaths(a: string, b: string): number {
  const x = pathIds(a);
  const y = pathIds(b);
  for (let i = 0; i < Math.min(x.length, y.length); i++) if (x[i] !== y[i]) return x[i] - y[i];
  return x.length - y.length;
}

// Zip entry names: 学号-姓名.svg for students, the unit's or person's name with the code otherwise;
// made safe and unique.
export function imageFileNames(subjects: readonly Subject[], audience: PledgeAudience): string[] {
  const used = new Set<string>();
  return subjects.map((s) => {
    const base = audience === 'students' ? safeFileName(`${s.studentNo}-${s.name}`, s.key) : safeFileName(`${s.name}-${s.signature?.code ?? s.key}`, s.key);
    let name = `${base}.svg`;
    for (let i = 2; used.has(name); i++) name = `${base}-${i}.svg`;
    used.add(name);
    return name;
  });
}
