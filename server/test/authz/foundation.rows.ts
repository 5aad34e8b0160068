// Matrix rows and sample bodies of the foundation's routes: auth, me, family, org, memberships,
// invites, audit.
import { Role } from '@wuzha/shared';
import type { DemoIds, MatrixContext, Req, Rows } from './context';

// What each role may invite at its own node (null: nothing).
const INVITE_AT_OWN: Record<Role, { node: 'A' | 'A1' | 'M' | 'C71' | 'E'; role: Role } | null> = {
  town_admin: { node: 'A', role: 'village_cadre' },
  police_liaison: null,
  village_cadre: { node: 'A1', role: 'grid_worker' },
  grid_worker: { node: 'A1', role: 'resident' },
  school_admin: { node: 'M', role: 'teacher' },
  teacher: { node: 'C71', role: 'student' },
  student: null,
  parent: null,
  unit_contact: { node: 'E', role: 'resident' },
  resident: null,
};
const MEMBER_READERS: Role[] = ['town_admin', 'village_cadre', 'grid_worker', 'school_admin', 'teacher', 'unit_contact'];
const NODE_MANAGERS: Partial<Record<Role, 'village' | 'grade'>> = { town_admin: 'village', school_admin: 'grade' };

export function rows(m: MatrixContext): Rows {
  const { t, tokens, ids, own, other, forEveryRole, scoped, everyone } = m;

  // A family member of a person nobody else is related to.
  let foreignSeq = 0;
  const addFamily = async (token: string): Promise<number> => {
    const res = await t.http.post('/api/me/family').set(t.bearer(token)).send({ name: '王外婆', relationship: 'grandparent', birthYear: 1950 });
    expect(res.status).toBe(201);
    return res.body.id;
  };
  const familyOf = (r: Role) => addFamily(tokens[r].accessToken);
  const foreignFamily = async () => addFamily((await t.login(`matrix-family-owner-${++foreignSeq}`)).accessToken);

  // An invite for a grid worker at 东山村第一网格 made by the village cadre.
  const cadreInvite = async (): Promise<{ id: number; code: string }> => {
    const res = await t.http.post('/api/invites').set(t.bearer(tokens.village_cadre)).send({ nodeId: ids.A1, role: 'grid_worker' });
    expect(res.status).toBe(201);
    return { id: res.body.id, code: res.body.code };
  };

  return {
    health: [],
    'auth.config': [],
    'auth.login': [],
    'auth.refresh': [],
    'auth.logout': [],

    'me.get': everyone(200, () => ({})),
    'me.update': everyone(200, () => ({ body: { displayName: '测试姓名' } })),
    'me.phone': everyone(200, () => ({ body: { code: t.fake.issuePhoneCode('13800001111') } })),
    'me.family.list': everyone(200, () => ({})),
    'me.family.create': everyone(201, () => ({ body: { name: '张奶奶', relationship: 'grandparent', birthYear: 1948 } })),
    'me.family.update': forEveryRole((r) => [
      { as: r, label: 'own family member', req: async () => ({ params: { id: await familyOf(r) }, body: { name: '张爷爷', relationship: 'grandparent' } }), status: 200 },
      { as: r, label: "someone else's", req: async () => ({ params: { id: await foreignFamily() }, body: { name: '张爷爷', relationship: 'grandparent' } }), status: 404, code: 'NOT_FOUND' },
    ]),
    'me.family.delete': forEveryRole((r) => [
      { as: r, label: "someone else's", req: async () => ({ params: { id: await foreignFamily() } }), status: 404, code: 'NOT_FOUND' },
      { as: r, label: 'own family member', req: async () => ({ params: { id: await familyOf(r) } }), status: 200 },
    ]),

    'org.directory': everyone(200, () => ({ query: { parentId: ids.T } }), 'public directory'),
    'org.node': scoped(() => 200, (id) => ({ params: { id } })),
    'org.children': scoped(() => 200, (id) => ({ params: { id } })),
    'org.members': scoped((r) => (MEMBER_READERS.includes(r) ? 200 : 403), (id) => ({ params: { id } })),
    'org.createNode': scoped(
      (r) => (NODE_MANAGERS[r] ? 201 : 403),
      (id, r) => ({ body: { parentId: id, kind: NODE_MANAGERS[r] ?? 'grid', name: `新建${r}` } }),
    ),
    'org.renameNode': scoped((r) => (NODE_MANAGERS[r] ? 200 : 403), (id) => ({ params: { id }, body: { name: `改名${id}` } })),
    'audit.list': scoped((r) => (r === 'town_admin' ? 200 : 403), (id) => ({ query: { nodeId: id } })),

    // everyone may self-join 东山村第一网格 as a resident; the demo resident already lives there
    'memberships.join': forEveryRole((r) => [
      { as: r, label: 'self-join 东山村第一网格', req: () => ({ body: { nodeId: ids.A1 } }), status: r === 'resident' ? 409 : 200, code: r === 'resident' ? 'ALREADY_MEMBER' : undefined },
    ]),
    'memberships.remove': forEveryRole((r) => [
      {
        as: r,
        label: "a resident of 东山村第一网格's membership",
        req: async () => ({ params: { id: (await m.freshResident()).membershipId } }),
        // those who may invite residents at or above that grid may remove one
        status: ['town_admin', 'village_cadre', 'grid_worker'].includes(r) ? 200 : 404,
      },
    ]),

    'invites.create': forEveryRole((r) => {
      const mine = INVITE_AT_OWN[r];
      return [
        mine
          ? { as: r, label: `${mine.role} at own node`, req: (): Req => ({ body: { nodeId: ids[mine.node], role: mine.role } }), status: 201 }
          : { as: r, label: 'resident at own node', req: (): Req => ({ body: { nodeId: ids[own[r]], role: 'resident' } }), status: 403, code: 'ROLE_NOT_INVITABLE' },
        { as: r, label: 'other node', req: (): Req => ({ body: { nodeId: ids[other[r]], role: mine?.role ?? 'resident' } }), status: 404, code: 'NOT_FOUND' },
      ];
    }),
    'invites.list': everyone(200, () => ({})),
    'invites.preview': forEveryRole((r) => [
      { as: r, label: 'a valid code', req: async () => ({ params: { code: (await cadreInvite()).code } }), status: 200 },
      { as: r, label: 'an unknown code', req: () => ({ params: { code: 'ZZZZ2222' } }), status: 404, code: 'INVITE_NOT_FOUND' },
    ]),
    'invites.accept': forEveryRole((r) => [
      {
        as: r,
        label: 'a resident invite of 东山村',
        req: async () => {
          const res = await t.http.post('/api/invites').set(t.bearer(tokens.town_admin)).send({ nodeId: ids.A, role: 'resident' });
          return { params: { code: res.body.code } };
        },
        status: 200,
      },
      { as: r, label: 'an unknown code', req: () => ({ params: { code: 'ZZZZ3333' } }), status: 404, code: 'INVITE_NOT_FOUND' },
    ]),
    'invites.revoke': forEveryRole((r) => [
      {
        as: r,
        label: "the village cadre's grid-worker invite",
        req: async () => ({ params: { id: (await cadreInvite()).id } }),
        status: ['village_cadre', 'town_admin'].includes(r) ? 200 : 404,
      },
    ]),
    'invites.qr': forEveryRole((r) => [
      {
        as: r,
        label: "the village cadre's grid-worker invite",
        req: async () => ({ params: { id: (await cadreInvite()).id } }),
        status: ['village_cadre', 'town_admin'].includes(r) ? 200 : 404,
      },
    ]),
  };
}

export function samples(ids: DemoIds) {
  return {
    'auth.login': { code: 'some-code' },
    'auth.refresh': { refreshToken: 'r'.repeat(43) },
    'auth.logout': { refreshToken: 'r'.repeat(43) },
    'me.update': { displayName: '张三' },
    'me.phone': { code: 'phone-code' },
    'me.family.create': { name: '张三', relationship: 'father' },
    'me.family.update': { name: '张三', relationship: 'father' },
    'org.createNode': { parentId: ids.town, kind: 'village', name: '新村' },
    'org.renameNode': { name: '新名字' },
    'memberships.join': { nodeId: ids.dsGrid1 },
    'invites.create': { nodeId: ids.town, role: 'village_cadre' },
  };
}
