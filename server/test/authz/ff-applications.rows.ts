// Matrix rows and sample bodies of Fraud-Free applications, objections and titles (ff.applications.*,
// ff.objections.create, ff.awards.*). Programs, applications and titles the rows act on are written
// straight to their tables (a fresh program per application: one application per program and node),
// so rows depend on no other route. ff.notices and ff.awards.certificate are public: no rows (the
// applications e2e checks the notice board and the certificate's signature).
import { ProgramKind, Role } from '@wuzha/shared';
import { FfApplication } from '../../src/modules/ff-applications/ff-application.entity';
import { FfAward } from '../../src/modules/ff-applications/ff-award.entity';
import { FfProgram } from '../../src/modules/ff-programs/ff-program.entity';
import { OrgNode } from '../../src/modules/org/org-node.entity';
import { childNode, type Case, type DemoIds, type MatrixContext, type NodeKey, type Rows } from './context';
import { ffProgramRow } from './ff-programs.rows';
import { secondTown } from './pledge-campaigns.rows';

const DAY = 86400_000;
// ff.apply at their organisation: the applying side
const APPLICANTS: Role[] = ['village_cadre', 'school_admin', 'unit_contact'];
// ff.review at the town
const REVIEWERS: Role[] = ['town_admin'];
// ff.read at the town (sees applications past the draft and titles, acts on none)
const READERS: Role[] = ['police_liaison'];
// hold ff.read, ff.apply or ff.review at (or above) their own node: list applications and titles there
const LISTERS: Role[] = ['town_admin', 'police_liaison', 'village_cadre', 'school_admin', 'unit_contact'];

// The organisation each role is asked about (its own, or the one it lives or works in) and the
// program kind it applies for; and an organisation of the same kind outside the role's scope.
const ORG_OF: Record<Role, NodeKey> = {
  town_admin: 'A', police_liaison: 'A', village_cadre: 'A', grid_worker: 'A', resident: 'A',
  school_admin: 'M', teacher: 'M', student: 'M', parent: 'M', unit_contact: 'E',
};
const OTHER_ORG_OF: Record<Role, NodeKey> = {
  town_admin: 'B', police_liaison: 'B', village_cadre: 'B', grid_worker: 'B', resident: 'B',
  school_admin: 'P', teacher: 'P', student: 'P', parent: 'P', unit_contact: 'F',
};
const KIND_OF: Partial<Record<NodeKey, ProgramKind>> = { A: 'community', B: 'community', M: 'campus', P: 'campus', E: 'unit', F: 'unit' };
const kindOf = (key: NodeKey): ProgramKind => KIND_OF[key] ?? 'community';

export const ffApplicationBody = (nodeId: number) => ({
  nodeId,
  selfAssessment: '本单位建立了反诈宣传工作机制，定期开展宣传活动，职工知晓率明显提高。',
  evidence: [],
});

export function rows(m: MatrixContext): Rows {
  const { t, ids, forEveryRole, scoped } = m;
  const nodeOf = (key: NodeKey) => t.dataSource.getRepository(OrgNode).findOneByOrFail({ id: ids[key] });
  const town = () => nodeOf('T');
  let foreign: Promise<OrgNode> | null = null;
  const foreignTown = () => (foreign ??= secondTown(t, '无诈申报矩阵外镇', 'matrix-ff-apps-foreign-admin').then((x) => x.town));

  // a fresh published program of the kind (own town, or the foreign one)
  const program = async (kind: ProgramKind, where: 'own' | 'foreign' = 'own'): Promise<FfProgram> =>
    ffProgramRow(t, where === 'own' ? await town() : await foreignTown(), { kind });
  // The organisation a reviewer's own-town cases are about: a village of the town made for these rows.
  // Not 东山村: earlier rows (a self-join, an accepted invite) made the demo town admin a resident
  // there, a stake that refuses the review (FF_SELF_REVIEW).
  let unstaked: Promise<OrgNode> | null = null;
  const unstakedVillage = () => (unstaked ??= childNode(t, ids.T, 'village', '无诈评审矩阵村'));
  type OrgKey = NodeKey | 'foreign' | 'unstaked';
  const reviewedOrg = (r: Role): OrgKey => (REVIEWERS.includes(r) ? 'unstaked' : ORG_OF[r]);
  // an application of the organisation in the given state (the applicant none of the matrix roles)
  const application = async (key: OrgKey, status: string): Promise<FfApplication> => {
    const node = key === 'foreign' ? await foreignTown() : key === 'unstaked' ? await unstakedVillage() : await nodeOf(key);
    const p = await program(key === 'foreign' || key === 'unstaked' ? 'community' : kindOf(key), key === 'foreign' ? 'foreign' : 'own');
    const now = t.clock.now();
    const past = status === 'draft' || status === 'submitted' ? null : now;
    return t.dataSource.getRepository(FfApplication).save({
      programId: p.id,
      townId: p.townId,
      nodeId: node.id,
      nodePath: node.path,
      applicantId: 999_999,
      status,
      selfAssessment: '矩阵测试申报自评内容',
      evidence: [],
      manualScores: status === 'draft' || status === 'submitted' ? null : {},
      snapshot: null,
      scoreX10: past ? 900 : null,
      reviewerId: null,
      reviewComment: null,
      submittedAt: status === 'draft' ? null : now,
      reviewedAt: past,
      // 'notice' rows: running; 'notice-over' rows: ended a minute ago
      noticeEndsAt: status === 'notice' ? new Date(now.getTime() + 7 * DAY) : past,
      decidedAt: status === 'awarded' ? now : null,
      createdAt: now,
      updatedAt: now,
    });
  };
  const noticeOver = async (key: OrgKey) => {
    const a = await application(key, 'notice');
    await t.dataSource.getRepository(FfApplication).update({ id: a.id }, { noticeEndsAt: new Date(t.clock.now().getTime() - 60_000) });
    return a;
  };
  const award = async (key: OrgKey): Promise<number> => {
    const a = await application(key, 'awarded');
    const now = t.clock.now();
    const row = await t.dataSource.getRepository(FfAward).save({
      programId: a.programId, applicationId: a.id, townId: a.townId, nodeId: a.nodeId, nodePath: a.nodePath, kind: 'community', scoreX10: 900,
      awardedAt: now, validUntil: new Date(now.getTime() + 365 * DAY), status: 'active', reviewReason: null, reviewOpenedAt: null,
      revokeReason: null, revokedAt: null, decidedBy: null, updatedAt: now,
    });
    return row.id;
  };

  // applicant side 200; those who see the application (reviewers, readers) 403; the rest 404
  const applicantOnly = (r: Role) => (APPLICANTS.includes(r) ? 200 : REVIEWERS.includes(r) || READERS.includes(r) ? 403 : 404);
  // reviewers 200; the applicant side and readers see it (403); the rest 404
  const reviewerOnly = (r: Role) => (REVIEWERS.includes(r) ? 200 : APPLICANTS.includes(r) || READERS.includes(r) ? 403 : 404);
  const foreignCase = (r: Role, label: string, req: () => Promise<Record<string, unknown>>): Case => ({ as: r, label, req, status: 404, code: 'NOT_FOUND' });

  return {
    'ff.applications.create': forEveryRole((r): Case[] => [
      {
        as: r,
        label: 'own organisation, a program of its kind',
        req: async () => ({ params: { id: (await program(kindOf(ORG_OF[r]))).id }, body: ffApplicationBody(ids[ORG_OF[r]]) }),
        // the town admin and the police liaison see the program and the organisation but do not apply
        status: APPLICANTS.includes(r) ? 201 : REVIEWERS.includes(r) || READERS.includes(r) ? 403 : 404,
      },
      {
        as: r,
        label: 'another organisation of the town',
        req: async () => ({ params: { id: (await program(kindOf(OTHER_ORG_OF[r]))).id }, body: ffApplicationBody(ids[OTHER_ORG_OF[r]]) }),
        status: REVIEWERS.includes(r) || READERS.includes(r) ? 403 : 404,
      },
      foreignCase(r, 'a program and organisation of another town', async () => {
        const town = await foreignTown();
        return { params: { id: (await program('community', 'foreign')).id }, body: ffApplicationBody(town.id) };
      }),
    ]),
    'ff.applications.update': forEveryRole((r): Case[] => [
      {
        as: r,
        label: 'a draft of own organisation',
        req: async () => ({ params: { id: (await application(ORG_OF[r], 'draft')).id }, body: ffApplicationBody(ids[ORG_OF[r]]) }),
        // drafts are seen by the applying side only
        status: APPLICANTS.includes(r) ? 200 : 404,
      },
      {
        as: r,
        label: 'a submitted application of own organisation',
        req: async () => ({ params: { id: (await application(ORG_OF[r], 'submitted')).id }, body: ffApplicationBody(ids[ORG_OF[r]]) }),
        status: APPLICANTS.includes(r) ? 409 : REVIEWERS.includes(r) || READERS.includes(r) ? 403 : 404,
      },
      foreignCase(r, 'a draft of another organisation', async () => ({ params: { id: (await application(OTHER_ORG_OF[r], 'draft')).id }, body: ffApplicationBody(ids[OTHER_ORG_OF[r]]) })),
    ]),
    'ff.applications.submit': forEveryRole((r): Case[] => [
      { as: r, label: 'a draft of own organisation', req: async () => ({ params: { id: (await application(ORG_OF[r], 'draft')).id } }), status: APPLICANTS.includes(r) ? 200 : 404 },
      { as: r, label: 'a returned application of own organisation', req: async () => ({ params: { id: (await application(ORG_OF[r], 'returned')).id } }), status: applicantOnly(r) },
      foreignCase(r, 'a draft of another organisation', async () => ({ params: { id: (await application(OTHER_ORG_OF[r], 'draft')).id } })),
    ]),
    'ff.applications.list': scoped(
      (r) => (LISTERS.includes(r) ? 200 : 403),
      (nodeId) => ({ query: { nodeId } }),
    ),
    'ff.applications.get': forEveryRole((r): Case[] => [
      {
        as: r,
        label: 'a submitted application of own organisation',
        req: async () => ({ params: { id: (await application(ORG_OF[r], 'submitted')).id } }),
        status: APPLICANTS.includes(r) || REVIEWERS.includes(r) || READERS.includes(r) ? 200 : 404,
      },
      { as: r, label: 'a draft of own organisation', req: async () => ({ params: { id: (await application(ORG_OF[r], 'draft')).id } }), status: APPLICANTS.includes(r) ? 200 : 404 },
      foreignCase(r, 'a submitted application of another town', async () => ({ params: { id: (await application('foreign', 'submitted')).id } })),
      {
        as: r,
        label: 'a submitted application of another organisation',
        req: async () => ({ params: { id: (await application(OTHER_ORG_OF[r], 'submitted')).id } }),
        // the town sees every organisation of the town
        status: REVIEWERS.includes(r) || READERS.includes(r) ? 200 : 404,
      },
    ]),
    'ff.applications.review': forEveryRole((r): Case[] => [
      {
        as: r,
        label: 'a submitted application of own organisation, returned',
        req: async () => ({ params: { id: (await application(reviewedOrg(r), 'submitted')).id }, body: { decision: 'return', comment: '请补充材料' } }),
        status: reviewerOnly(r),
      },
      foreignCase(r, 'an application of another town', async () => ({ params: { id: (await application('foreign', 'submitted')).id }, body: { decision: 'return', comment: '请补充材料' } })),
    ]),
    'ff.applications.decide': forEveryRole((r): Case[] => [
      { as: r, label: 'own organisation, the notice over', req: async () => ({ params: { id: (await noticeOver(reviewedOrg(r))).id }, body: { decision: 'reject' } }), status: reviewerOnly(r) },
      foreignCase(r, 'an application of another town, the notice over', async () => ({ params: { id: (await noticeOver('foreign')).id }, body: { decision: 'reject' } })),
    ]),
    'ff.objections.create': forEveryRole((r): Case[] => [
      // the notice is public: anyone logged in objects
      { as: r, label: 'an application in notice', req: async () => ({ params: { id: (await application(ORG_OF[r], 'notice')).id }, body: { text: '矩阵测试的异议内容' } }), status: 201 },
      { as: r, label: 'a submitted application (not public)', req: async () => ({ params: { id: (await application(ORG_OF[r], 'submitted')).id }, body: { text: '矩阵测试的异议内容' } }), status: 404, code: 'NOT_FOUND' },
    ]),
    'ff.awards.list': scoped(
      (r) => (LISTERS.includes(r) ? 200 : 403),
      (nodeId) => ({ query: { nodeId } }),
    ),
    'ff.awards.revoke': forEveryRole((r): Case[] => [
      { as: r, label: 'an active title of own organisation', req: async () => ({ params: { id: await award(reviewedOrg(r)) }, body: { reason: '矩阵测试撤销原因' } }), status: reviewerOnly(r) },
      foreignCase(r, 'a title of another town', async () => ({ params: { id: await award('foreign') }, body: { reason: '矩阵测试撤销原因' } })),
    ]),
    'ff.awards.keep': forEveryRole((r): Case[] => [
      { as: r, label: 'an active title of own organisation', req: async () => ({ params: { id: await award(reviewedOrg(r)) }, body: { comment: '复核后保留' } }), status: reviewerOnly(r) },
      foreignCase(r, 'a title of another town', async () => ({ params: { id: await award('foreign') }, body: { comment: '复核后保留' } })),
    ]),
    'ff.notices': [],
    'ff.awards.certificate': [],
  };
}

export function samples(ids: DemoIds) {
  return {
    'ff.applications.create': ffApplicationBody(ids.dongshan),
    'ff.applications.update': ffApplicationBody(ids.dongshan),
    'ff.applications.review': { decision: 'return', comment: '请补充例会记录', manualScores: {} },
    'ff.applications.decide': { decision: 'award', comment: '公示无异议' },
    'ff.objections.create': { text: '该村上月仍有群众被骗。' },
    'ff.awards.revoke': { reason: '发生电诈案件' },
    'ff.awards.keep': { comment: '复核后保留称号' },
  };
}
