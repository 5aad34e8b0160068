// Matrix rows and sample bodies of class rosters (pledge.roster.*). Children's data: teachers of the
// class read it, school admins and town admins read and change it. Others who see the node (the
// police liaison at the town, students and parents of the class) get 403 PLEDGE_CHILDREN_DATA; a
// teacher who may read but not change gets 403 FORBIDDEN; everyone else 404. (A village cadre over
// a village holding a school is refused with PLEDGE_CHILDREN_DATA too: see pledge-roster.e2e-spec.ts,
// which builds such a school; the demo schools lie outside every village.)
import { Role } from '@wuzha/shared';
import { Like } from 'typeorm';
import { OrgNode } from '../../src/modules/org/org-node.entity';
import type { Case, DemoIds, MatrixContext, Req, Rows } from './context';

const ADMINS: Role[] = ['town_admin', 'school_admin'];
// see 和平镇中学 (or its class 七年级1班) without access to children's data
const SEES_SCHOOL: Role[] = ['police_liaison'];
const SEES_CLASS: Role[] = ['police_liaison', 'student', 'parent'];
const CHILDREN = { status: 403, code: 'PLEDGE_CHILDREN_DATA' };
const NOT_FOUND = { status: 404, code: 'NOT_FOUND' };

type Outcome = { status: number; code?: string };

// 和平镇中学 itself (list, import, template)
const atSchool = (r: Role, ok: number): Outcome => (ADMINS.includes(r) ? { status: ok } : SEES_SCHOOL.includes(r) ? CHILDREN : NOT_FOUND);
// its class 七年级1班: the class teacher reads, only admins write
const atClass = (r: Role, ok: number, write: boolean): Outcome =>
  ADMINS.includes(r) || (r === 'teacher' && !write) ? { status: ok } : r === 'teacher' ? { status: 403, code: 'FORBIDDEN' } : SEES_CLASS.includes(r) ? CHILDREN : NOT_FOUND;
// 七年级2班: not the teacher's, student's or parent's class
const atOtherClass = (r: Role, ok: number): Outcome => (ADMINS.includes(r) ? { status: ok } : SEES_SCHOOL.includes(r) ? CHILDREN : NOT_FOUND);
// the primary school (another school of the town): the demo school admin does not see it
const atPrimary = (r: Role, ok: number): Outcome => (r === 'town_admin' ? { status: ok } : SEES_SCHOOL.includes(r) ? CHILDREN : NOT_FOUND);

let seq = 0;
export function rosterBody(classId: number, over: Record<string, unknown> = {}): Record<string, unknown> {
  return { classId, name: '矩阵学生', studentNo: `MX-${++seq}`, birthYear: 2013, guardianPhone: '13800001111', ...over };
}

export function rows(m: MatrixContext): Rows {
  const { t, tokens, ids, forEveryRole } = m;
  // an entry added by the town admin (through the route, as a school would)
  const entry = async (classId: number): Promise<{ id: number; body: Record<string, unknown> }> => {
    const body = rosterBody(classId);
    const res = await t.http.post('/api/pledge/roster').set(t.bearer(tokens.town_admin)).send(body);
    expect(res.status).toBe(201);
    return { id: res.body.id, body };
  };
  // a class of the primary school, found under its id (earlier rows rename the town, so its names
  // no longer lead there)
  let primary: Promise<number> | null = null;
  const primaryClass = () =>
    (primary ??= (async () => {
      const repo = t.dataSource.getRepository(OrgNode);
      const school = await repo.findOneByOrFail({ id: ids.P });
      return (await repo.findOneOrFail({ where: { kind: 'class', path: Like(`${school.path}%`) }, order: { id: 'ASC' } })).id;
    })());
  let shared: Promise<{ id: number; body: Record<string, unknown> }> | null = null;
  const sharedEntry = () => (shared ??= entry(ids.C71));

  const cases = (make: (r: Role) => Array<{ label: string; req: () => Promise<Req> | Req; out: Outcome }>): Case[] =>
    forEveryRole((r) => make(r).map((c) => ({ as: r, label: c.label, req: c.req, ...c.out })));

  return {
    'pledge.roster.list': cases((r) => [
      { label: 'its school', req: () => ({ query: { nodeId: ids.M } }), out: atSchool(r, 200) },
      { label: 'class 七年级1班', req: () => ({ query: { nodeId: ids.C71 } }), out: atClass(r, 200, false) },
      { label: 'class 七年级2班', req: () => ({ query: { nodeId: ids.C72 } }), out: atOtherClass(r, 200) },
      { label: 'another school', req: () => ({ query: { nodeId: ids.P } }), out: atPrimary(r, 200) },
    ]),
    'pledge.roster.create': cases((r) => [
      { label: 'a student of 七年级1班', req: () => ({ body: rosterBody(ids.C71) }), out: atClass(r, 201, true) },
      { label: 'a student of 七年级2班', req: () => ({ body: rosterBody(ids.C72) }), out: atOtherClass(r, 201) },
      { label: 'a student of another school', req: async () => ({ body: rosterBody(await primaryClass()) }), out: atPrimary(r, 201) },
    ]),
    'pledge.roster.update': cases((r) => [
      { label: 'a student of 七年级1班', req: async () => { const e = await sharedEntry(); return { params: { id: e.id }, body: e.body }; }, out: atClass(r, 200, true) },
    ]),
    // a fresh student per case: a removal is final for the API
    'pledge.roster.remove': cases((r) => [
      { label: 'a student of 七年级1班', req: async () => ({ params: { id: (await entry(ids.C71)).id } }), out: atClass(r, 200, true) },
      { label: 'a student of 七年级2班', req: async () => ({ params: { id: (await entry(ids.C72)).id } }), out: atOtherClass(r, 200) },
    ]),
    // a JSON body instead of a multipart upload: an admin gets as far as reading the file
    'pledge.roster.import': cases((r) => [
      { label: 'its school', req: () => ({ query: { schoolId: ids.M }, body: { file: 'not a multipart upload' } }), out: atSchool(r, 415) },
      { label: 'another school', req: () => ({ query: { schoolId: ids.P }, body: { file: 'not a multipart upload' } }), out: atPrimary(r, 415) },
    ]),
    'pledge.roster.template': cases((r) => [
      { label: 'its school', req: () => ({ query: { schoolId: ids.M } }), out: atSchool(r, 200) },
      { label: 'another school', req: () => ({ query: { schoolId: ids.P } }), out: atPrimary(r, 200) },
    ]),
  };
}

export function samples(ids: DemoIds) {
  return {
    'pledge.roster.create': rosterBody(ids.class71, { studentNo: 'SAMPLE-1' }),
    'pledge.roster.update': rosterBody(ids.class71, { studentNo: 'SAMPLE-1' }),
  };
}
