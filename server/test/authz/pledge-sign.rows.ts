// Matrix rows and sample bodies of signing (pledge.mine, pledge.sign.*, pledge.signatures.*,
// pledge.verify). A students campaign opens for anyone logged in; a residents campaign of a grid of
// 东山村 opens for the people and trackers in or over it (its residents sign, the others are not in its
// audience) and is 404 to everyone else; a campaign of another town is 404 to all.
import { Role, ROLES } from '@wuzha/shared';
import { Membership } from '../../src/modules/org/membership.entity';
import { OrgNode } from '../../src/modules/org/org-node.entity';
import type { TestApp } from '../utils/test-app';
import { signaturePng, toBase64 } from '../utils/signature-png';
import { childNode, type Case, type DemoIds, type MatrixContext, type Rows } from './context';
import { pledgeCampaignRow, secondTown } from './pledge-campaigns.rows';

// 七年级1班 of the demo roster: one student per matrix role (a guardian signs, whatever the age)
const STUDENTS: Array<[name: string, studentNo: string]> = [
  ['王子涵', '2024070101'], ['李思远', '2024070102'], ['张欣怡', '2024070103'], ['刘浩然', '2024070104'], ['陈梓萱', '2024070105'],
  ['杨宇轩', '2024070106'], ['黄诗琪', '2024070107'], ['赵俊杰', '2024070108'], ['周雨桐', '2024070109'], ['孙博文', '2024070110'],
];
const studentOf = (r: Role, classId: number) => {
  const [name, studentNo] = STUDENTS[ROLES.indexOf(r)];
  return { classId, name, studentNo };
};

// who sees the 东山村 residents campaign: its residents (the demo resident), the grid worker there,
// the village cadre and the town admin (trackers and managers); others 404
const SEES_RESIDENTS: Role[] = ['town_admin', 'village_cadre', 'grid_worker', 'resident'];
const residentsStatus = (r: Role, ok: number) => (r === 'resident' ? ok : SEES_RESIDENTS.includes(r) ? 403 : 404);

let pngSeq = 0;
export const signaturePngB64 = () => toBase64(signaturePng({ seed: ++pngSeq, ratio: 1 }), true);

// A sign request as the sign page shows it (the campaign's current text).
async function signBody(t: TestApp, token: string, campaignId: number, over: Record<string, unknown> = {}) {
  const page = await t.http.get(`/api/pledge/campaigns/${campaignId}/sign`).set(t.bearer(token));
  return { textHash: page.body?.text?.textHash ?? 'a'.repeat(64), readToEnd: true, signerName: '矩阵签署人', signaturePng: signaturePngB64(), ...over };
}

export function rows(m: MatrixContext): Rows {
  const { t, ids } = m;
  const node = (id: number) => t.dataSource.getRepository(OrgNode).findOneByOrFail({ id });
  const once = <T>(make: () => Promise<T>) => {
    let p: Promise<T> | null = null;
    return () => (p ??= make());
  };
  // a fresh students campaign of 和平镇中学 over 七年级1班 per use (each signs the same students)
  const studentsCampaign = async () => pledgeCampaignRow(t, await node(ids.M), [await node(ids.C71)], { status: 'published', townId: ids.T });
  const submitCampaign = once(studentsCampaign);
  const ownCampaign = once(studentsCampaign);
  const othersCampaign = once(studentsCampaign);
  // The residents campaign covers a grid of 东山村 made for these rows, where the demo resident lives
  // and the demo grid worker works; not 东山村 or its 第一网格, where earlier rows (a self-join, an
  // accepted invite) made every demo user a resident.
  const residentsCampaign = once(async () => {
    const grid = await childNode(t, ids.A, 'grid', '签署矩阵网格');
    const now = t.clock.now();
    for (const role of ['resident', 'grid_worker'] as const) {
      const userId = m.tokens[role].userId;
      await t.dataSource.getRepository(Membership).insert({ userId, nodeId: grid.id, nodePath: grid.path, role, source: 'seed', inviteId: null, createdAt: now });
    }
    return pledgeCampaignRow(t, await node(ids.T), [grid], { status: 'published', audience: 'residents', townId: ids.T });
  });
  const foreignCampaign = once(async () => {
    const { town } = await secondTown(t, '签署矩阵外镇', 'matrix-sign-foreign-admin');
    return pledgeCampaignRow(t, town, [town], { status: 'published', audience: 'residents', townId: town.id });
  });
  const foreign = (r: Role, req: (id: number) => Record<string, unknown>): Case => ({
    as: r,
    label: 'a campaign of another town',
    req: async () => req(await foreignCampaign()),
    status: 404,
    code: 'NOT_FOUND',
  });
  const guardian = { relationship: 'mother', consent: true };

  return {
    'pledge.mine': m.everyone(200, () => ({})),
    'pledge.sign.page': m.forEveryRole((r) => [
      { as: r, label: 'a students campaign', req: async () => ({ params: { id: await submitCampaign() }, query: { classId: ids.C71 } }), status: 200 },
      { as: r, label: 'the 东山村 residents campaign', req: async () => ({ params: { id: await residentsCampaign() } }), status: SEES_RESIDENTS.includes(r) ? 200 : 404 },
      foreign(r, (id) => ({ params: { id } })),
    ]),
    'pledge.sign.match': m.forEveryRole((r) => [
      { as: r, label: 'a student of the class', req: async () => ({ params: { id: await submitCampaign() }, body: { student: studentOf(r, ids.C71) } }), status: 200 },
      {
        as: r,
        label: 'a residents campaign',
        req: async () => ({ params: { id: await residentsCampaign() }, body: { student: studentOf(r, ids.C71) } }),
        status: SEES_RESIDENTS.includes(r) ? 400 : 404,
      },
      foreign(r, (id) => ({ body: { student: studentOf(r, ids.C71) }, params: { id } })),
    ]),
    'pledge.sign.submit': m.forEveryRole((r) => [
      {
        as: r,
        label: 'as a guardian of a student of the class',
        req: async () => {
          const id = await submitCampaign();
          return { params: { id }, body: await signBody(t, m.tokens[r].accessToken, id, { student: studentOf(r, ids.C71), guardian }) };
        },
        status: 201,
      },
      {
        as: r,
        label: 'the 东山村 residents campaign',
        req: async () => {
          const id = await residentsCampaign();
          return { params: { id }, body: await signBody(t, m.tokens[r].accessToken, id) };
        },
        status: residentsStatus(r, 201),
        code: r === 'resident' ? undefined : SEES_RESIDENTS.includes(r) ? 'PLEDGE_NOT_IN_AUDIENCE' : 'NOT_FOUND',
      },
      foreign(r, (id) => ({ params: { id }, body: { textHash: 'a'.repeat(64), readToEnd: true, signerName: '矩阵签署人', signaturePng: signaturePngB64() } })),
    ]),
    'pledge.sign.subscribe': m.forEveryRole((r) => [
      { as: r, label: 'for a student of the class', req: async () => ({ params: { id: await submitCampaign() }, body: { student: studentOf(r, ids.C71) } }), status: 200 },
      { as: r, label: 'the 东山村 residents campaign', req: async () => ({ params: { id: await residentsCampaign() }, body: {} }), status: residentsStatus(r, 200) },
      foreign(r, (id) => ({ params: { id }, body: {} })),
    ]),
    'pledge.signatures.get': m.forEveryRole((r) => [
      {
        as: r,
        label: 'own signature',
        req: async () => {
          const id = await ownCampaign();
          const token = m.tokens[r].accessToken;
          const res = await t.http.post(`/api/pledge/campaigns/${id}/signatures`).set(t.bearer(token)).send(await signBody(t, token, id, { student: studentOf(r, ids.C71), guardian }));
          if (res.status !== 201) throw new Error(`signing as ${r} failed: ${res.status} ${JSON.stringify(res.body)}`);
          return { params: { id: res.body.id } };
        },
        status: 200,
      },
      {
        as: r,
        label: "someone else's signature",
        req: async () => {
          const id = await othersCampaign();
          // the role's student, signed by a fresh resident
          const { token } = await m.freshResident();
          const res = await t.http.post(`/api/pledge/campaigns/${id}/signatures`).set(t.bearer(token)).send(await signBody(t, token, id, { student: studentOf(r, ids.C71), guardian }));
          return { params: { id: res.body.id } };
        },
        status: 404,
        code: 'NOT_FOUND',
      },
    ]),
    // public: no rows (the signed link and the code are the only keys; see pledge-sign.e2e-spec.ts)
    'pledge.signatures.image': [],
    'pledge.signatures.png': [],
    'pledge.verify': [],
  };
}

export function samples(ids: DemoIds) {
  const student = { classId: ids.class71, name: '李思远', studentNo: '2024070102' };
  return {
    'pledge.sign.match': { student },
    // a text hash no campaign has: a sample that passes validation never signs
    'pledge.sign.submit': { textHash: 'a'.repeat(64), readToEnd: true, signerName: '李思远', signaturePng: signaturePngB64(), student },
    'pledge.sign.subscribe': { student },
  };
}
