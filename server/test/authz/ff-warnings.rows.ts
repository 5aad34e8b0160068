// Matrix rows and sample bodies of the red/yellow/green warnings (ff.warnings.*).
import { chinaMonthKey, DEFAULT_WARNING_RULES, Role } from '@wuzha/shared';
import type { Case, DemoIds, MatrixContext, Rows } from './context';
import { FF_READERS } from './ff-programs.rows';
import { secondTown } from './pledge-campaigns.rows';

// ff.manage at the town
const MANAGERS: Role[] = ['town_admin'];

export function rows(m: MatrixContext): Rows {
  const { t, ids } = m;
  let foreign: Promise<number> | null = null;
  // a town nobody in the matrix belongs to
  const foreignTown = () => (foreign ??= secondTown(t, '预警矩阵外镇', 'matrix-ffw-foreign-admin').then((x) => x.town.id));
  // the town node: its admin manages, the police liaison sees it (403), the rest do not (404)
  const manage = (r: Role, ok: number) => (MANAGERS.includes(r) ? ok : r === 'police_liaison' ? 403 : 404);
  const townCases = (req: (townId: number) => Record<string, unknown>, status: (r: Role) => number) =>
    m.forEveryRole((r): Case[] => [
      { as: r, label: 'own town', req: () => req(ids.T), status: status(r) },
      { as: r, label: 'another town', req: async () => req(await foreignTown()), status: 404, code: 'NOT_FOUND' },
    ]);

  return {
    // ff.read holders anywhere in the town read its rules; the rest do not see the town
    'ff.warnings.rules': townCases(
      (townId) => ({ query: { townId } }),
      (r) => (FF_READERS.includes(r) ? 200 : 404),
    ),
    'ff.warnings.rules.update': townCases(
      (townId) => ({ query: { townId }, body: DEFAULT_WARNING_RULES }),
      (r) => manage(r, 200),
    ),
    'ff.warnings.compute': townCases(
      (townId) => ({ body: { townId } }),
      (r) => manage(r, 200),
    ),
    // the own node's subtree for ff.read holders; others see the node but not its colours (403)
    'ff.warnings.list': m.scoped(
      (r) => (FF_READERS.includes(r) ? 200 : 403),
      (nodeId) => ({ query: { nodeId } }),
    ),
  };
}

export function samples(ids: DemoIds) {
  return {
    'ff.warnings.rules.update': { ...DEFAULT_WARNING_RULES },
    'ff.warnings.compute': { townId: ids.town, period: chinaMonthKey(new Date()) },
  };
}
