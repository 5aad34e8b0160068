// Matrix rows and sample bodies of bulletins (drafting, review, publishing, reading, reminders),
// forwarding tasks and file uploads. Fixtures are made through the API: bulletins are drafted by the
// demo town admin and reviewed by the second demo town admin (demo-town_admin2).
import { Role, TokenResponse } from '@wuzha/shared';
import { DataSource } from 'typeorm';
import type { DemoIds, MatrixContext, NodeKey, Req, Rows } from './context';

const STAFF_WITH_TASKS: Partial<Record<Role, { own: NodeKey; other: NodeKey }>> = {
  village_cadre: { own: 'A', other: 'B' },
  grid_worker: { own: 'A1', other: 'B1' },
  school_admin: { own: 'M', other: 'P' },
  unit_contact: { own: 'E', other: 'F' },
};
const REMINDERS: Role[] = ['town_admin', 'police_liaison', 'village_cadre', 'school_admin'];

function bulletinBody(townId: number, title = '警惕冒充客服诈骗') {
  return {
    townId,
    title,
    body: [{ type: 'paragraph', runs: [{ text: '接到自称客服的电话要求退款，一定先挂断核实。' }] }],
    category: 'warning',
    scope: { kind: 'town' },
  };
}

export function rows(m: MatrixContext): Rows {
  const { t, tokens, ids, forEveryRole, everyone } = m;
  let admin2: TokenResponse | null = null;
  const reviewer = async () => (admin2 ??= await t.login('demo-town_admin2'));

  const post = async (path: string, token: TokenResponse, body?: object) => {
    const r = t.http.post(path).set(t.bearer(token));
    return body ? r.send(body) : r;
  };
  // A draft by the demo town admin (or by the second one).
  const draft = async (byOther = false): Promise<number> => {
    const res = await post('/api/bulletins', byOther ? await reviewer() : tokens.town_admin, bulletinBody(ids.T));
    expect(res.status).toBe(201);
    return res.body.id;
  };
  const submitted = async (byOther = false): Promise<number> => {
    const id = await draft(byOther);
    expect((await post(`/api/bulletins/${id}/submit`, byOther ? await reviewer() : tokens.town_admin)).status).toBe(200);
    return id;
  };
  // Drafted by the second admin, approved by the first.
  const approvedByTownAdmin = async (): Promise<number> => {
    const id = await submitted(true);
    expect((await post(`/api/bulletins/${id}/review`, tokens.town_admin, { decision: 'approve' })).status).toBe(200);
    return id;
  };
  // Drafted by the first admin, approved by the second, published.
  const published = async (): Promise<number> => {
    const id = await submitted();
    expect((await post(`/api/bulletins/${id}/review`, await reviewer(), { decision: 'approve' })).status).toBe(200);
    expect((await post(`/api/bulletins/${id}/publish`, await reviewer())).status).toBe(200);
    return id;
  };
  // 西河村 has no demo cadre: one joins by invite, to forward its tasks to its grids
  let xihe: Promise<TokenResponse> | null = null;
  const xiheCadre = () =>
    (xihe ??= (async () => {
      const invite = await post('/api/invites', tokens.town_admin, { nodeId: ids.B, role: 'village_cadre' });
      const login = await t.login('matrix-xihe-cadre');
      expect((await post(`/api/invites/code/${invite.body.code}/accept`, login)).status).toBe(200);
      return login;
    })());
  let sharedPublished: Promise<number> | null = null;
  const onePublished = () => (sharedPublished ??= published());

  // The task of a fresh bulletin at a node; grid tasks exist once the village cadre forwarded.
  const taskAt = async (key: NodeKey): Promise<number> => {
    const bulletinId = await published();
    const ds = t.app.get(DataSource);
    const find = async (nodeId: number) => (await ds.query('SELECT id FROM forward_task WHERE bulletinId = ? AND nodeId = ?', [bulletinId, nodeId]))[0]?.id as number | undefined;
    if (key === 'A1' || key === 'B1' || key === 'B2') {
      const village = key === 'A1' ? ids.A : ids.B;
      const cadre = key === 'A1' ? tokens.village_cadre : await xiheCadre();
      expect((await post(`/api/tasks/${await find(village)}/forward`, cadre)).status).toBe(200);
    }
    const id = await find(ids[key]);
    if (!id) throw new Error(`no task at ${key}`);
    return Number(id);
  };

  // Forward and offline: a task at the role's own node (its inbox) succeeds; one elsewhere is 404.
  const completeRows = (body?: () => object) =>
    forEveryRole((r) => {
      const nodes = STAFF_WITH_TASKS[r];
      return [
        {
          as: r,
          label: nodes ? 'task at own node' : 'task at 东山村',
          req: async (): Promise<Req> => ({ params: { id: await taskAt(nodes?.own ?? 'A') }, body: body?.() }),
          status: nodes ? 200 : 404,
        },
        {
          as: r,
          label: nodes ? 'task at a node of the same kind elsewhere' : 'task at 西河村',
          req: async (): Promise<Req> => ({ params: { id: await taskAt(nodes?.other ?? 'B') }, body: body?.() }),
          status: 404,
          code: 'NOT_FOUND',
        },
      ];
    });

  // Reminding one task: town admins and dashboard readers above the node; the node's own cadres may see it (403).
  const REMIND_OWN: Record<Role, { node: NodeKey; status: number }> = {
    town_admin: { node: 'A', status: 200 },
    police_liaison: { node: 'A', status: 200 },
    village_cadre: { node: 'A1', status: 200 },
    school_admin: { node: 'M', status: 403 },
    grid_worker: { node: 'A1', status: 403 },
    unit_contact: { node: 'E', status: 403 },
    resident: { node: 'A1', status: 403 },
    teacher: { node: 'M', status: 404 },
    student: { node: 'M', status: 404 },
    parent: { node: 'M', status: 404 },
  };
  const REMIND_OTHER: Partial<Record<Role, NodeKey>> = { village_cadre: 'B1', school_admin: 'P', grid_worker: 'B1', unit_contact: 'F', resident: 'B1' };

  return {
    'files.upload': everyone(415, () => ({ query: { purpose: 'bulletin' }, body: { file: 'not a multipart upload' } }), 'a JSON body instead of a multipart file (uploads per role: files.e2e-spec)'),
    'files.get': [],

    'bulletins.create': m.scoped(
      (r) => (r === 'town_admin' ? 201 : 403),
      (node) => ({ body: bulletinBody(node) }),
    ),
    'bulletins.update': forEveryRole((r) => [
      { as: r, label: "the town admin's draft", req: async () => ({ params: { id: await draft() }, body: bulletinBody(ids.T, '改过的标题') }), status: r === 'town_admin' ? 200 : 404 },
      { as: r, label: "another admin's draft", req: async () => ({ params: { id: await draft(true) }, body: bulletinBody(ids.T, '改过的标题') }), status: 404, code: 'NOT_FOUND' },
    ]),
    'bulletins.list': m.scoped(
      (r) => (r === 'town_admin' ? 200 : 403),
      (node) => ({ query: { townId: node } }),
    ),
    'bulletins.feed': everyone(200, () => ({})),
    'bulletins.get': forEveryRole((r) => [
      { as: r, label: 'a published bulletin', req: async () => ({ params: { id: await onePublished() } }), status: 200 },
      { as: r, label: 'a draft', req: async () => ({ params: { id: await draft(true) } }), status: r === 'town_admin' ? 200 : 404 },
    ]),
    'bulletins.submit': forEveryRole((r) => [
      { as: r, label: "the town admin's draft", req: async () => ({ params: { id: await draft() } }), status: r === 'town_admin' ? 200 : 404 },
      { as: r, label: "another admin's draft", req: async () => ({ params: { id: await draft(true) } }), status: 404, code: 'NOT_FOUND' },
    ]),
    'bulletins.review': forEveryRole((r) => [
      { as: r, label: "another admin's submitted bulletin", req: async () => ({ params: { id: await submitted(true) }, body: { decision: 'approve' } }), status: r === 'town_admin' ? 200 : 404 },
      {
        as: r,
        label: 'own submitted bulletin (town admin) ',
        req: async () => ({ params: { id: await submitted() }, body: { decision: 'approve' } }),
        status: r === 'town_admin' ? 403 : 404,
        code: r === 'town_admin' ? 'SELF_REVIEW' : 'NOT_FOUND',
      },
    ]),
    'bulletins.publish': forEveryRole((r) => [
      { as: r, label: 'an approved bulletin', req: async () => ({ params: { id: await approvedByTownAdmin() } }), status: r === 'town_admin' ? 200 : 404 },
      {
        as: r,
        label: 'a draft',
        req: async () => ({ params: { id: await draft(true) } }),
        status: r === 'town_admin' ? 409 : 404,
        code: r === 'town_admin' ? 'BULLETIN_BAD_STATE' : 'NOT_FOUND',
      },
    ]),
    'bulletins.remind': forEveryRole((r) => [
      { as: r, label: 'pending tasks in own scope', req: async () => ({ params: { id: await onePublished() }, body: {} }), status: REMINDERS.includes(r) ? 200 : 403 },
      { as: r, label: 'a node outside the scope', req: async () => ({ params: { id: await onePublished() }, body: { nodeId: ids[m.other[r]] } }), status: 404, code: 'NOT_FOUND' },
    ]),

    'tasks.inbox': everyone(200, () => ({ query: { status: 'all' } })),
    'tasks.forward': completeRows(),
    'tasks.offline': completeRows(() => ({ note: '村口公告栏张贴' })),
    'tasks.remind': forEveryRole((r) => {
      const own = REMIND_OWN[r];
      const cases = [{ as: r, label: `task at ${own.node}`, req: async (): Promise<Req> => ({ params: { id: await taskAt(own.node) } }), status: own.status }];
      const other = REMIND_OTHER[r];
      if (other) cases.push({ as: r, label: `task at ${other} (outside the scope)`, req: async () => ({ params: { id: await taskAt(other) } }), status: 404 });
      return cases;
    }),
  };
}

export function samples(ids: DemoIds) {
  return {
    'bulletins.create': bulletinBody(ids.town),
    'bulletins.update': bulletinBody(ids.town),
    'bulletins.review': { decision: 'return', reason: '请核实案发时间' },
    'bulletins.remind': { nodeId: ids.dongshan },
    'tasks.offline': { note: '村口公告栏张贴' },
  };
}
