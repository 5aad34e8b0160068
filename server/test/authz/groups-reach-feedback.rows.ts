// Matrix rows and sample bodies of WeChat groups, reach (open, 已阅) and feedback (基层反馈).
// Groups, bulletins and threads the rows act on are written straight to their tables, so the rows
// depend neither on the publishing flow nor on each other.
import { Role } from '@wuzha/shared';
import { Bulletin } from '../../src/modules/bulletins/bulletin.entity';
import { Feedback } from '../../src/modules/feedback/feedback.entity';
import { WechatGroup } from '../../src/modules/groups/wechat-group.entity';
import { OrgNode } from '../../src/modules/org/org-node.entity';
import type { Case, DemoIds, MatrixContext, NodeKey, Rows } from './context';

const GROUP_MANAGERS: Role[] = ['town_admin', 'village_cadre', 'grid_worker', 'school_admin', 'teacher', 'unit_contact'];
// see a node's groups without managing them
const DASHBOARD_ONLY: Role[] = ['police_liaison'];
const FEEDBACK_WRITERS: Role[] = ['village_cadre', 'grid_worker', 'school_admin', 'teacher', 'unit_contact'];
// hold feedback.read above 东山村第一网格
const ABOVE_DS_GRID1: Role[] = ['town_admin', 'police_liaison', 'village_cadre'];

export function rows(m: MatrixContext): Rows {
  const { t, ids, own, other, forEveryRole, scoped, everyone } = m;
  const node = (key: NodeKey) => t.dataSource.getRepository(OrgNode).findOneByOrFail({ id: ids[key] });
  let seq = 0;

  // A group bound at the node by nobody in particular.
  const groupAt = async (key: NodeKey): Promise<number> => {
    const n = await node(key);
    const now = t.clock.now();
    const row = await t.dataSource
      .getRepository(WechatGroup)
      .save({ opengid: `matrix-g-${++seq}`, nodeId: n.id, nodePath: n.path, name: '矩阵测试群', boundBy: 1, boundAt: now, updatedAt: now });
    return row.id;
  };

  // A bulletin of the demo town, to the whole town or to 西河村 only.
  const bulletins = new Map<string, Promise<number>>();
  const bulletin = (status: 'published' | 'draft', scope: 'town' | 'xihe' = 'town') => {
    const key = `${status}-${scope}`;
    if (!bulletins.has(key)) {
      bulletins.set(
        key,
        (async () => {
          const town = await node('T');
          const now = t.clock.now();
          const saved = await t.dataSource.getRepository(Bulletin).save({
            townId: town.id, townPath: town.path, authorId: 1, title: '矩阵测试信息', summary: '矩阵测试',
            body: [{ type: 'paragraph', runs: [{ text: '矩阵测试' }] }], category: 'warning', fraudTypes: [], urgency: 'normal',
            scopeKind: scope === 'town' ? 'town' : 'nodes', status, forwardDeadline: null, publishAt: null, reviewerId: null,
            returnReason: null, contentCheck: null, createdAt: now, updatedAt: now, submittedAt: null, reviewedAt: null,
            publishedAt: status === 'published' ? now : null,
          });
          if (scope === 'xihe') {
            const xihe = await node('B');
            await t.dataSource.query('INSERT INTO bulletin_target (bulletinId, nodeId, nodePath) VALUES (?, ?, ?)', [saved.id, xihe.id, xihe.path]);
          }
          return saved.id;
        })(),
      );
    }
    return bulletins.get(key)!;
  };

  // A feedback thread sent from the node by `authorId` (default: someone outside the matrix).
  let outsider: Promise<number> | null = null;
  const threadAt = async (key: NodeKey, authorId?: number): Promise<number> => {
    outsider ??= t.login('matrix-feedback-author').then((l) => l.userId);
    const n = await node(key);
    const now = t.clock.now();
    const row = await t.dataSource.getRepository(Feedback).save({
      authorId: authorId ?? (await outsider), nodeId: n.id, nodePath: n.path, bulletinId: null, kind: 'situation',
      body: '矩阵测试反馈', photoIds: null, createdAt: now, lastActivityAt: now,
    });
    return row.id;
  };
  const ownThread = async (r: Role): Promise<number> => {
    const res = await t.http.post('/api/feedback').set(t.bearer(m.tokens[r])).send({ nodeId: ids[own[r]], kind: 'other', body: '我的反馈' });
    expect(res.status).toBe(201);
    return res.body.id;
  };

  const groupInfo = (r: Role) => t.fake.encryptForUser(`demo-${r}`, { opengid: `matrix-open-${++seq}` });
  const seeGroup = (r: Role, manage: number) => (GROUP_MANAGERS.includes(r) ? manage : DASHBOARD_ONLY.includes(r) ? 403 : 404);

  // Thread visibility: from below (东山村第一网格), from the role's own node (peers), from its other node.
  const threadCases = (ok: number, req: (id: number) => Record<string, unknown>): Case[] =>
    forEveryRole((r) => [
      { as: r, label: 'a thread from 东山村第一网格', req: async () => req(await threadAt('A1')), status: ABOVE_DS_GRID1.includes(r) ? ok : 404 },
      { as: r, label: 'a peer thread from own node', req: async () => req(await threadAt(own[r])), status: 404, code: 'NOT_FOUND' },
      { as: r, label: 'a thread from the other node', req: async () => req(await threadAt(other[r])), status: 404, code: 'NOT_FOUND' },
      ...(FEEDBACK_WRITERS.includes(r) ? [{ as: r, label: 'own thread', req: async () => req(await ownThread(r)), status: ok }] : []),
    ]);

  const readCases = (action: 'open' | 'confirm'): Case[] =>
    forEveryRole((r) => [
      { as: r, label: `${action} a published town bulletin from a group`, req: async () => ({ params: { id: await bulletin('published') }, body: { group: groupInfo(r) } }), status: 200 },
      { as: r, label: `${action} a bulletin for 西河村 only`, req: async () => ({ params: { id: await bulletin('published', 'xihe') }, body: {} }), status: 200 },
      { as: r, label: `${action} a draft`, req: async () => ({ params: { id: await bulletin('draft') }, body: {} }), status: 404, code: 'NOT_FOUND' },
    ]);

  return {
    'groups.bind': scoped(
      (r) => (GROUP_MANAGERS.includes(r) ? 201 : 403),
      (nodeId, r) => ({ body: { nodeId, name: '矩阵测试群', group: groupInfo(r) } }),
    ),
    'groups.list': scoped(
      (r) => (GROUP_MANAGERS.includes(r) || DASHBOARD_ONLY.includes(r) ? 200 : 403),
      (nodeId) => ({ query: { nodeId } }),
    ),
    'groups.update': forEveryRole((r) => [
      { as: r, label: 'rename a group of own node', req: async () => ({ params: { id: await groupAt(own[r]) }, body: { name: '新群名' } }), status: seeGroup(r, 200) },
      { as: r, label: 'rename a group of the other node', req: async () => ({ params: { id: await groupAt(other[r]) }, body: { name: '新群名' } }), status: 404, code: 'NOT_FOUND' },
      {
        as: r,
        label: 'move a group of 东山村第一网格 to 东山村',
        req: async () => ({ params: { id: await groupAt('A1') }, body: { nodeId: ids.A } }),
        // only a town admin moves groups; others who see the group are refused, the rest do not see it
        status: r === 'town_admin' ? 200 : ['police_liaison', 'village_cadre', 'grid_worker'].includes(r) ? 403 : 404,
      },
    ]),
    'groups.remove': forEveryRole((r) => [
      { as: r, label: 'a group of own node', req: async () => ({ params: { id: await groupAt(own[r]) } }), status: seeGroup(r, 200) },
      { as: r, label: 'a group of the other node', req: async () => ({ params: { id: await groupAt(other[r]) } }), status: 404, code: 'NOT_FOUND' },
    ]),

    'bulletins.open': readCases('open'),
    'bulletins.confirm': readCases('confirm'),

    'feedback.create': scoped(
      (r) => (FEEDBACK_WRITERS.includes(r) ? 201 : 403),
      (nodeId) => ({ body: { nodeId, kind: 'concern', body: '群众反映接到可疑电话' } }),
    ),
    'feedback.list': [...everyone(200, () => ({})), ...scoped(() => 200, (nodeId) => ({ query: { nodeId } }))],
    'feedback.get': threadCases(200, (id) => ({ params: { id } })),
    'feedback.reply': threadCases(201, (id) => ({ params: { id }, body: { body: '收到，已处理' } })),
  };
}

export function samples(ids: DemoIds) {
  // syntactically valid group info (it cannot decrypt without a logged-in user's session key)
  const group = { encryptedData: 'A'.repeat(24), iv: 'A'.repeat(24) };
  return {
    'groups.bind': { nodeId: ids.dongshan, name: '东山村村民群', group },
    'groups.update': { name: '新群名' },
    'bulletins.open': { group },
    'bulletins.confirm': { group },
    'feedback.create': { nodeId: ids.dsGrid1, kind: 'concern', body: '群众反映接到可疑电话', photoFileIds: [] },
    'feedback.reply': { body: '收到' },
  };
}
