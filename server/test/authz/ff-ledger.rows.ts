// Matrix rows and sample bodies of the activity ledger (宣传活动台账) and the police case figures.
// Activities the delete rows act on are written straight to their table, so rows depend on no other route.
import { chinaDayKey, chinaMonthKey, Role } from '@wuzha/shared';
import { FfActivity } from '../../src/modules/ff-ledger/ff-activity.entity';
import { OrgNode } from '../../src/modules/org/org-node.entity';
import type { Case, DemoIds, MatrixContext, NodeKey, Rows } from './context';

// activities.write: log (and delete their own) activities of their node's subtree
const WRITERS: Role[] = ['town_admin', 'village_cadre', 'grid_worker', 'school_admin', 'teacher', 'unit_contact'];
// ff.read: see the ledger and the case figures
const READERS: Role[] = ['town_admin', 'police_liaison', 'village_cadre', 'school_admin', 'unit_contact'];

const activityBody = (nodeId: number, now: Date) => ({
  nodeId,
  day: chinaDayKey(now),
  place: '村文化礼堂',
  kind: 'lecture',
  title: '反诈知识讲座',
  peopleReached: 30,
  photoIds: [],
});
const caseBody = (nodeId: number, now: Date) => ({ nodeId, month: chinaMonthKey(now), cases: 0, lossYuan: 0 });

export function rows(m: MatrixContext): Rows {
  const { t, ids, own, other, forEveryRole, scoped } = m;
  const node = (key: NodeKey) => t.dataSource.getRepository(OrgNode).findOneByOrFail({ id: ids[key] });
  // an activity at the node, logged now by that user (by default a user none of the matrix roles is)
  const activityAt = async (key: NodeKey, createdBy = 999_999) => {
    const n = await node(key);
    const row = await t.dataSource.getRepository(FfActivity).save({
      townId: ids.T, nodeId: n.id, nodePath: n.path, day: chinaDayKey(t.clock.now()), place: '矩阵测试', kind: 'other',
      title: '矩阵测试活动', peopleReached: 1, photoIds: [], createdBy, createdAt: t.clock.now(),
    });
    return row.id;
  };
  // the case figures' own node: the police liaison's town holds no figures itself, its villages do
  const caseNode = (r: Role): NodeKey => (r === 'police_liaison' ? 'A' : own[r]);

  return {
    'ff.activities.create': scoped(
      (r) => (WRITERS.includes(r) ? 201 : 403),
      (nodeId) => ({ body: activityBody(nodeId, t.clock.now()) }),
    ),
    'ff.activities.list': scoped(
      (r) => (WRITERS.includes(r) || READERS.includes(r) ? 200 : 403),
      (nodeId) => ({ query: { nodeId } }),
    ),
    'ff.activities.remove': forEveryRole((r): Case[] => [
      {
        as: r,
        label: 'own activity, just logged',
        req: async () => ({ params: { id: await activityAt(own[r], m.tokens[r].userId) } }),
        // those who may not log cannot see the ledger either (the police liaison reads it)
        status: WRITERS.includes(r) ? 200 : READERS.includes(r) ? 403 : 404,
      },
      {
        as: r,
        label: "someone else's activity at own node",
        req: async () => ({ params: { id: await activityAt(own[r]) } }),
        status: r === 'town_admin' ? 200 : WRITERS.includes(r) || READERS.includes(r) ? 403 : 404,
      },
      { as: r, label: 'an activity of another node', req: async () => ({ params: { id: await activityAt(other[r]) } }), status: 404, code: 'NOT_FOUND' },
    ]),
    'ff.cases.upsert': forEveryRole((r): Case[] => [
      { as: r, label: 'a village or unit in scope', req: () => ({ body: caseBody(ids[caseNode(r)], t.clock.now()) }), status: r === 'police_liaison' ? 200 : 403 },
      { as: r, label: 'other node', req: () => ({ body: caseBody(ids[other[r]], t.clock.now()) }), status: 404, code: 'NOT_FOUND' },
    ]),
    'ff.cases.list': scoped(
      (r) => (READERS.includes(r) ? 200 : 403),
      (nodeId) => ({ query: { nodeId } }),
    ),
  };
}

export function samples(ids: DemoIds) {
  const now = new Date();
  return {
    'ff.activities.create': activityBody(ids.dsGrid1, now),
    'ff.cases.upsert': caseBody(ids.dongshan, now),
  };
}
