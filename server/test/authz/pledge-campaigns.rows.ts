// Matrix rows and sample bodies of pledge texts (pledge.templates.*) and pledge campaigns
// (pledge.campaigns.*), plus helpers the pledge e2e tests share: campaign bodies, built-in template
// ids, and templates and campaigns written straight to their tables (so rows depend on no other route).
import { PledgeAudience, PledgeCampaignInput, PledgeKind, Role } from '@wuzha/shared';
import { OrgNode } from '../../src/modules/org/org-node.entity';
import { Membership } from '../../src/modules/org/membership.entity';
import { BUILTIN_TEXTS } from '../../src/modules/pledge-template/builtin-texts';
import { insertTemplate } from '../../src/modules/pledge-template/builtin-sync';
import { PledgeTemplateVersion } from '../../src/modules/pledge-template/pledge-template-version.entity';
import { PledgeTemplate } from '../../src/modules/pledge-template/pledge-template.entity';
import { PledgeCampaign } from '../../src/modules/pledge/pledge-campaign.entity';
import type { TestApp } from '../utils/test-app';
import type { Case, DemoIds, MatrixContext, NodeKey, Rows } from './context';

// ---- shared helpers --------------------------------------------------------------------------

const DAY = 86400_000;

// A valid campaign input (override what a test needs).
export function pledgeCampaignBody(
  ownerNodeId: number,
  scopeNodeIds: number[],
  templateId: number,
  over: Partial<PledgeCampaignInput> = {},
  now = new Date(),
): Record<string, unknown> {
  return {
    ownerNodeId,
    templateId,
    audience: 'students',
    title: '反电信网络诈骗承诺书签署',
    intro: '请同学和家长认真阅读后签名',
    scopeNodeIds,
    deadline: new Date(now.getTime() + 7 * DAY).toISOString(),
    targetPercent: 100,
    guardianSigns: false,
    ...over,
  };
}

// A valid template input.
export function pledgeTemplateBody(kind: PledgeKind = 'student', title = '本镇学生反诈承诺书', body = '一、不参与网络刷单。\n二、不出租出借银行卡和手机卡。\n三、被骗后立即拨打110报警。'): Record<string, unknown> {
  return { kind, title, body };
}

// The built-in template of a kind (synced at boot).
export async function builtinTemplate(t: TestApp, kind: PledgeKind): Promise<PledgeTemplate> {
  const code = BUILTIN_TEXTS.find((b) => b.kind === kind)!.code;
  return t.dataSource.getRepository(PledgeTemplate).findOneByOrFail({ townId: 0, code });
}

// A town template written directly (its first version current); returns the template id.
export async function templateRow(t: TestApp, townId: number, kind: PledgeKind = 'resident', title = '矩阵测试承诺书'): Promise<number> {
  const v = await t.dataSource.transaction((m) => insertTemplate(m, { townId, code: null, kind, title, body: '一、不刷单。\n二、不出借银行卡。\n三、被骗就报警。' }, null, t.clock.now()));
  return v.templateId;
}

// The template kind a campaign of an audience uses by default.
const KIND_OF: Record<PledgeAudience, PledgeKind> = { students: 'student', residents: 'resident', staff: 'staff', units: 'unit' };

// Writes a campaign row directly with a built-in text (published ones lock its version).
export async function pledgeCampaignRow(
  t: TestApp,
  owner: Pick<OrgNode, 'id' | 'path'>,
  scope: Pick<OrgNode, 'id' | 'path'>[],
  o: { status?: string; audience?: PledgeAudience; townId?: number; deadline?: Date; guardianSigns?: boolean } = {},
): Promise<number> {
  const now = t.clock.now();
  const audience = o.audience ?? 'students';
  const template = await builtinTemplate(t, KIND_OF[audience]);
  const status = o.status ?? 'draft';
  if (status !== 'draft') await t.dataSource.getRepository(PledgeTemplateVersion).update({ id: template.currentVersionId }, { locked: true });
  const row = await t.dataSource.getRepository(PledgeCampaign).save({
    townId: o.townId ?? 0, ownerNodeId: owner.id, ownerPath: owner.path, templateId: template.id, templateVersionId: template.currentVersionId,
    kind: template.kind, audience, title: '矩阵测试签署', intro: '', scope: scope.map((n) => ({ nodeId: n.id, path: n.path })),
    deadline: o.deadline ?? new Date(now.getTime() + DAY), targetPercent: 100, guardianSigns: o.guardianSigns ?? false,
    status, chainSeq: 0, chainHead: null, createdBy: 1, createdAt: now, updatedAt: now,
    publishedAt: status === 'draft' ? null : now, closedAt: status === 'closed' ? now : null,
  });
  return row.id;
}

// A second town under the county with a town admin of its own (made directly: towns come from seed).
export async function secondTown(t: TestApp, name: string, adminOpenid: string): Promise<{ town: OrgNode; admin: Awaited<ReturnType<TestApp['login']>> }> {
  const county = await t.dataSource.getRepository(OrgNode).findOneByOrFail({ name: '示范县' });
  const now = t.clock.now();
  const node = await t.dataSource.getRepository(OrgNode).save({ parentId: county.id, kind: 'town', name, path: `${county.path}tmp/`, depth: county.depth + 1, createdAt: now, updatedAt: now });
  node.path = `${county.path}${node.id}/`;
  await t.dataSource.getRepository(OrgNode).save(node);
  const admin = await t.login(adminOpenid);
  await t.dataSource.getRepository(Membership).insert({ userId: admin.userId, nodeId: node.id, nodePath: node.path, role: 'town_admin', source: 'seed', inviteId: null, createdAt: now });
  return { town: node, admin };
}

// ---- matrix ----------------------------------------------------------------------------------

// pledge.manage at their organisation
const MANAGERS: Role[] = ['town_admin', 'school_admin'];
// read texts: pledge.templates or pledge.manage
const TEXT_READERS: Role[] = ['town_admin', 'school_admin'];
// the organisation that owns the campaign each role is asked about, and its scope (the role's own node)
const OWNER_OF: Record<Role, NodeKey> = {
  town_admin: 'T', police_liaison: 'T', village_cadre: 'T', grid_worker: 'T', resident: 'T', unit_contact: 'T',
  school_admin: 'M', teacher: 'M', student: 'M', parent: 'M',
};
const AUDIENCE_OF: Record<Role, PledgeAudience> = {
  town_admin: 'residents', police_liaison: 'residents', village_cadre: 'residents', grid_worker: 'residents', resident: 'residents',
  unit_contact: 'units', school_admin: 'students', teacher: 'students', student: 'students', parent: 'students',
};
// pledge.track over the role's own node (or pledge.manage): they see campaigns reaching it
const TRACKERS: Role[] = ['town_admin', 'school_admin', 'village_cadre', 'teacher', 'unit_contact'];

export function rows(m: MatrixContext): Rows {
  const { t, ids, own } = m;
  const node = (key: NodeKey) => t.dataSource.getRepository(OrgNode).findOneByOrFail({ id: ids[key] });
  // a town nobody in the matrix belongs to, with a text of its own
  let foreign: Promise<{ townId: number; templateId: number }> | null = null;
  const foreignTown = () =>
    (foreign ??= (async () => {
      const { town } = await secondTown(t, '矩阵外镇', 'matrix-foreign-town-admin');
      return { townId: town.id, templateId: await templateRow(t, town.id) };
    })());
  const ownCampaign = async (r: Role, status: string) =>
    pledgeCampaignRow(t, await node(OWNER_OF[r]), [await node(own[r])], { status, audience: AUDIENCE_OF[r], townId: ids.T });
  const foreignCampaign = async () => {
    const { townId } = await foreignTown();
    const town = await t.dataSource.getRepository(OrgNode).findOneByOrFail({ id: townId });
    return pledgeCampaignRow(t, town, [town], { status: 'published', audience: 'residents', townId });
  };
  // a valid input for the role's organisation: the town asks its residents, the school its class
  const inputFor = async (r: Role) => {
    const audience: PledgeAudience = OWNER_OF[r] === 'M' ? 'students' : 'residents';
    const template = await builtinTemplate(t, KIND_OF[audience]);
    const scope = audience === 'students' ? [ids.C71] : [ids.A];
    return pledgeCampaignBody(ids[OWNER_OF[r]], scope, template.id, { audience }, t.clock.now());
  };
  const manageStatus = (r: Role, ok: number) => (MANAGERS.includes(r) ? ok : TRACKERS.includes(r) ? 403 : 404);
  const foreignCase = (r: Role, req: (id: number) => Record<string, unknown>): Case => ({
    as: r,
    label: 'a campaign of another town',
    req: async () => req(await foreignCampaign()),
    status: 404,
    code: 'NOT_FOUND',
  });
  // police liaisons see the town node but hold no pledge permission there
  const townStatus = (r: Role, ok: number, readerOnly: number) => (r === 'town_admin' ? ok : TEXT_READERS.includes(r) ? readerOnly : r === 'police_liaison' ? 403 : 404);

  return {
    'pledge.templates.list': m.forEveryRole((r) => [
      { as: r, label: 'texts of own town', req: () => ({ query: { townId: ids.T } }), status: TEXT_READERS.includes(r) ? 200 : r === 'police_liaison' ? 403 : 404 },
      { as: r, label: 'texts of another town', req: async () => ({ query: { townId: (await foreignTown()).townId } }), status: 404, code: 'NOT_FOUND' },
    ]),
    'pledge.templates.get': m.forEveryRole((r) => [
      { as: r, label: 'a built-in text', req: async () => ({ params: { id: (await builtinTemplate(t, 'student')).id } }), status: TEXT_READERS.includes(r) ? 200 : 404 },
      { as: r, label: 'a text of own town', req: async () => ({ params: { id: await templateRow(t, ids.T) } }), status: TEXT_READERS.includes(r) ? 200 : 404 },
      { as: r, label: 'a text of another town', req: async () => ({ params: { id: (await foreignTown()).templateId } }), status: 404, code: 'NOT_FOUND' },
    ]),
    'pledge.templates.create': m.forEveryRole((r) => [
      { as: r, label: 'in own town', req: () => ({ query: { townId: ids.T }, body: pledgeTemplateBody() }), status: townStatus(r, 201, 403) },
      { as: r, label: 'in another town', req: async () => ({ query: { townId: (await foreignTown()).townId }, body: pledgeTemplateBody() }), status: 404, code: 'NOT_FOUND' },
    ]),
    'pledge.templates.update': m.forEveryRole((r) => [
      { as: r, label: 'a text of own town', req: async () => ({ params: { id: await templateRow(t, ids.T) }, body: pledgeTemplateBody('resident', '改过的承诺书') }), status: TEXT_READERS.includes(r) ? (r === 'town_admin' ? 200 : 403) : 404 },
      {
        as: r,
        label: 'a built-in text',
        req: async () => ({ params: { id: (await builtinTemplate(t, 'resident')).id }, body: pledgeTemplateBody('resident', '改过的承诺书') }),
        status: TEXT_READERS.includes(r) ? 403 : 404,
        code: TEXT_READERS.includes(r) ? 'PLEDGE_TEMPLATE_READ_ONLY' : 'NOT_FOUND',
      },
      { as: r, label: 'a text of another town', req: async () => ({ params: { id: (await foreignTown()).templateId }, body: pledgeTemplateBody('resident') }), status: 404, code: 'NOT_FOUND' },
    ]),
    'pledge.campaigns.create': m.forEveryRole((r) => [
      // the role's own node as owner: managers of a town or school create; everyone else sees the node but may not
      {
        as: r,
        label: 'for own node',
        req: async () => {
          const audience: PledgeAudience = r === 'school_admin' ? 'students' : 'residents';
          return { body: pledgeCampaignBody(ids[own[r]], [ids[own[r]]], (await builtinTemplate(t, KIND_OF[audience])).id, { audience }, t.clock.now()) };
        },
        status: MANAGERS.includes(r) ? 201 : 403,
      },
      { as: r, label: 'for another town', req: async () => ({ body: pledgeCampaignBody((await foreignTown()).townId, [(await foreignTown()).townId], (await builtinTemplate(t, 'resident')).id, { audience: 'residents' }, t.clock.now()) }), status: 404, code: 'NOT_FOUND' },
    ]),
    'pledge.campaigns.update': m.forEveryRole((r) => [
      { as: r, label: 'a draft of own organisation', req: async () => ({ params: { id: await ownCampaign(r, 'draft') }, body: await inputFor(r) }), status: manageStatus(r, 200) },
      foreignCase(r, (id) => ({ params: { id }, body: pledgeCampaignBody(ids.T, [ids.T], 1, { audience: 'residents' }) })),
    ]),
    'pledge.campaigns.publish': m.forEveryRole((r) => [
      { as: r, label: 'a draft of own organisation', req: async () => ({ params: { id: await ownCampaign(r, 'draft') } }), status: manageStatus(r, 200) },
      foreignCase(r, (id) => ({ params: { id } })),
    ]),
    'pledge.campaigns.close': m.forEveryRole((r) => [
      { as: r, label: 'a published campaign of own organisation', req: async () => ({ params: { id: await ownCampaign(r, 'published') } }), status: manageStatus(r, 200) },
      foreignCase(r, (id) => ({ params: { id } })),
    ]),
    // every member sees their own node; only managers and trackers list its campaigns
    'pledge.campaigns.list': m.scoped(
      (r) => (TRACKERS.includes(r) ? 200 : 403),
      (nodeId) => ({ query: { nodeId } }),
    ),
    'pledge.campaigns.get': m.forEveryRole((r) => [
      { as: r, label: 'a published campaign reaching own node', req: async () => ({ params: { id: await ownCampaign(r, 'published') } }), status: TRACKERS.includes(r) ? 200 : 404 },
      { as: r, label: 'a draft reaching own node', req: async () => ({ params: { id: await ownCampaign(r, 'draft') } }), status: TRACKERS.includes(r) ? 200 : 404 },
      foreignCase(r, (id) => ({ params: { id } })),
    ]),
  };
}

export function samples(ids: DemoIds) {
  // template ids are those of the built-in texts, synced at boot in kind order (1 = student)
  return {
    'pledge.templates.create': pledgeTemplateBody(),
    'pledge.templates.update': pledgeTemplateBody(),
    'pledge.campaigns.create': pledgeCampaignBody(ids.school, [ids.class71], 1),
    'pledge.campaigns.update': pledgeCampaignBody(ids.school, [ids.class71], 1),
  };
}
