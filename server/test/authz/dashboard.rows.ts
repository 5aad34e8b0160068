// Matrix rows of the dashboard routes: one bulletin's dashboard and its xlsx export, and period stats.
// The bulletin is written straight to the table (published to the whole demo town), so these rows do
// not depend on the publishing flow.
import { Role } from '@wuzha/shared';
import { Bulletin } from '../../src/modules/bulletins/bulletin.entity';
import { OrgNode } from '../../src/modules/org/org-node.entity';
import type { Case, MatrixContext, Rows } from './context';

const DASHBOARD_READERS: Role[] = ['town_admin', 'village_cadre', 'school_admin', 'police_liaison'];
const EXPORTERS: Role[] = ['town_admin', 'village_cadre', 'school_admin'];

export function rows(m: MatrixContext): Rows {
  const { t, ids, own, other, forEveryRole } = m;
  let bulletin: Promise<number> | null = null;
  const publishedBulletin = () =>
    (bulletin ??= (async () => {
      const town = await t.dataSource.getRepository(OrgNode).findOneByOrFail({ id: ids.T });
      const now = t.clock.now();
      const saved = await t.dataSource.getRepository(Bulletin).save({
        townId: town.id,
        townPath: town.path,
        authorId: 1,
        title: '矩阵测试信息',
        summary: '矩阵测试',
        body: [{ type: 'paragraph', runs: [{ text: '矩阵测试' }] }],
        category: 'warning',
        fraudTypes: [],
        urgency: 'normal',
        scopeKind: 'town',
        status: 'published',
        forwardDeadline: null,
        publishAt: null,
        reviewerId: null,
        returnReason: null,
        contentCheck: null,
        createdAt: now,
        updatedAt: now,
        submittedAt: now,
        reviewedAt: now,
        publishedAt: now,
      });
      return saved.id;
    })());

  // own node → allowed(role) ? 200 : 403; a node outside the role's sight → 404
  const perBulletin = (allowed: Role[]): Case[] =>
    forEveryRole((r) => [
      { as: r, label: 'own node', req: async () => ({ params: { id: await publishedBulletin() }, query: { nodeId: ids[own[r]] } }), status: allowed.includes(r) ? 200 : 403 },
      { as: r, label: 'other node', req: async () => ({ params: { id: await publishedBulletin() }, query: { nodeId: ids[other[r]] } }), status: 404, code: 'NOT_FOUND' },
    ]);
  const day = (offset: number) => new Date(t.clock.now().getTime() + offset * 86400_000).toISOString().slice(0, 10);

  return {
    'bulletins.dashboard': perBulletin(DASHBOARD_READERS),
    'bulletins.export': perBulletin(EXPORTERS),
    'bulletins.stats': m.scoped(
      (r) => (DASHBOARD_READERS.includes(r) ? 200 : 403),
      (nodeId) => ({ query: { nodeId, from: day(-30), to: day(1) } }),
    ),
  };
}
