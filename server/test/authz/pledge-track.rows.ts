// Matrix rows and sample bodies of pledge tracking (progress, signer lists, reminders, the xlsx list,
// the zip of pledge images, the chain check). Campaigns are written straight to their table: the
// school's students for the school's people (school admin, teacher, student, parent), the town's units
// for the unit contact, the town's residents for everyone else. Trackers (pledge.track or
// pledge.manage over part of the scope) get 200 at their own node; everyone else 404 (the campaign is
// out of their sight); a node outside what a tracker follows is 404 too. The chain is for the
// campaign's managers only (403 to other trackers).
import { PledgeAudience, Role } from '@wuzha/shared';
import { OrgNode } from '../../src/modules/org/org-node.entity';
import { pledgeCampaignRow, secondTown } from './pledge-campaigns.rows';
import type { Case, DemoIds, MatrixContext, NodeKey, Rows } from './context';

const TRACKERS: Role[] = ['town_admin', 'school_admin', 'village_cadre', 'teacher', 'unit_contact'];
// pledge.manage at the owner of the campaign the role is asked about
const MANAGERS: Role[] = ['town_admin', 'school_admin'];

const AUDIENCE_OF: Record<Role, PledgeAudience> = {
  town_admin: 'residents', police_liaison: 'residents', village_cadre: 'residents', grid_worker: 'residents', resident: 'residents',
  unit_contact: 'units', school_admin: 'students', teacher: 'students', student: 'students', parent: 'students',
};
const OWNER_OF: Record<PledgeAudience, NodeKey> = { students: 'M', residents: 'T', staff: 'T', units: 'T' };

export function rows(m: MatrixContext): Rows {
  const { t, ids, own, other, forEveryRole } = m;
  const node = (key: NodeKey | number) => t.dataSource.getRepository(OrgNode).findOneByOrFail({ id: typeof key === 'number' ? key : ids[key] });
  const made = new Map<PledgeAudience, Promise<number>>();
  // one published campaign per audience, scoped to its whole owner (the school, the town)
  const campaignFor = (r: Role) => {
    const audience = AUDIENCE_OF[r];
    if (!made.has(audience)) {
      made.set(
        audience,
        (async () => {
          const owner = await node(OWNER_OF[audience]);
          return pledgeCampaignRow(t, owner, [owner], { status: 'published', audience, townId: ids.T });
        })(),
      );
    }
    return made.get(audience)!;
  };
  let foreign: Promise<number> | null = null;
  const foreignCampaign = () =>
    (foreign ??= (async () => {
      const { town } = await secondTown(t, '矩阵追踪外镇', 'matrix-track-foreign-admin');
      return pledgeCampaignRow(t, town, [town], { status: 'published', audience: 'residents', townId: town.id });
    })());

  const status = (r: Role, ok: number) => (TRACKERS.includes(r) ? ok : 404);
  // own node → 200 for trackers; a node of the same kind outside their part → 404
  const perNode = (ok: number, req: (id: number, nodeId: number) => Record<string, unknown>): Case[] =>
    forEveryRole((r) => [
      { as: r, label: 'own node', req: async () => req(await campaignFor(r), ids[own[r]]), status: status(r, ok) },
      { as: r, label: 'other node', req: async () => req(await campaignFor(r), ids[other[r]]), status: 404, code: 'NOT_FOUND' },
      { as: r, label: 'a campaign of another town', req: async () => req(await foreignCampaign(), ids[own[r]]), status: 404, code: 'NOT_FOUND' },
    ]);
  const query = (id: number, nodeId: number) => ({ params: { id }, query: { nodeId } });

  return {
    'pledge.progress': perNode(200, query),
    'pledge.signers': perNode(200, query),
    // no subscribe template in the matrix app: trackers get { disabled: true }
    'pledge.remind': perNode(200, (id, nodeId) => ({ params: { id }, body: { nodeId } })),
    'pledge.export': perNode(200, query),
    'pledge.images': perNode(200, query),
    'pledge.chain': forEveryRole((r) => [
      { as: r, label: 'own campaign', req: async () => ({ params: { id: await campaignFor(r) } }), status: MANAGERS.includes(r) ? 200 : TRACKERS.includes(r) ? 403 : 404 },
      { as: r, label: 'a campaign of another town', req: async () => ({ params: { id: await foreignCampaign() } }), status: 404, code: 'NOT_FOUND' },
    ]),
  };
}

export function samples(ids: DemoIds) {
  return { 'pledge.remind': { nodeId: ids.class71 } };
}
