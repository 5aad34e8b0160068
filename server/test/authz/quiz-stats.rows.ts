// Matrix rows of the quiz statistics routes: a campaign's statistics, its xlsx export and the
// attempts' integrity list, and the overview across campaigns. The campaign is written straight to the
// table (the whole demo town, residents and students), so these rows do not depend on the campaign flow.
import { Role, roleHas } from '@wuzha/shared';
import { OrgNode } from '../../src/modules/org/org-node.entity';
import { QuizCampaign } from '../../src/modules/quiz/quiz-campaign.entity';
import type { Case, MatrixContext, Rows } from './context';

const stats = (r: Role) => roleHas(r, 'quiz.stats');

export function rows(m: MatrixContext): Rows {
  const { t, ids, own, other, forEveryRole } = m;
  let made: Promise<number> | null = null;
  const campaign = () =>
    (made ??= (async () => {
      const town = await t.dataSource.getRepository(OrgNode).findOneByOrFail({ id: ids.T });
      const now = t.clock.now();
      const saved = await t.dataSource.getRepository(QuizCampaign).save({
        townId: town.id, ownerNodeId: town.id, ownerPath: town.path, kind: 'exam', title: '矩阵测试答题', intro: '',
        audience: [{ nodeId: town.id, path: town.path }], roles: ['resident', 'student'], startsAt: now, endsAt: new Date(now.getTime() + 86400_000),
        draw: { mode: 'random', rules: [{ count: 5 }] }, questionCount: 5, shuffleQuestions: true, shuffleOptions: true, timeLimitMinutes: null,
        attemptsPerDay: null, attemptsTotal: null, passPercent: 60, counting: 'best', status: 'published', createdBy: 1, createdAt: now, updatedAt: now,
        publishedAt: now, closedAt: null,
      });
      return saved.id;
    })());

  // own node → 200 with quiz.stats; without it the campaign itself is out of sight (404), as is a
  // node outside the role's sight
  const perCampaign = (): Case[] =>
    forEveryRole((r) => [
      { as: r, label: 'own node', req: async () => ({ params: { id: await campaign() }, query: { nodeId: ids[own[r]] } }), status: stats(r) ? 200 : 404 },
      { as: r, label: 'other node', req: async () => ({ params: { id: await campaign() }, query: { nodeId: ids[other[r]] } }), status: 404, code: 'NOT_FOUND' },
    ]);

  return {
    'quiz.campaigns.stats': perCampaign(),
    'quiz.campaigns.export': perCampaign(),
    'quiz.campaigns.attempts': perCampaign(),
    'quiz.overview': m.scoped(
      (r) => (stats(r) ? 200 : 403),
      (nodeId) => ({ query: { nodeId } }),
    ),
  };
}
