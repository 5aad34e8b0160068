// Matrix rows of the Fraud-Free indicator routes: one organisation's live indicators, the batch
// computation, rankings and their export, the town and county summaries. Programs are written straight
// to the table (published, of the demo town or of a town nobody in the matrix belongs to).
import { ProgramKind, Role } from '@wuzha/shared';
import { OrgNode } from '../../src/modules/org/org-node.entity';
import type { Case, DemoIds, MatrixContext, NodeKey, Rows } from './context';
import { FF_READERS, ffProgramRow } from './ff-programs.rows';
import { secondTown } from './pledge-campaigns.rows';

// The program and organisation each role reads in its own part of the town (an organisation that may
// apply: the village, the school, the unit; town roles read a village). Roles without Fraud-Free
// permissions do not see the program at all.
const OWN_ORG: Record<Role, { kind: ProgramKind; node: NodeKey; other: NodeKey }> = {
  town_admin: { kind: 'community', node: 'A', other: 'B' },
  police_liaison: { kind: 'community', node: 'A', other: 'B' },
  village_cadre: { kind: 'community', node: 'A', other: 'B' },
  grid_worker: { kind: 'community', node: 'A', other: 'B' },
  school_admin: { kind: 'campus', node: 'M', other: 'P' },
  teacher: { kind: 'campus', node: 'M', other: 'P' },
  student: { kind: 'campus', node: 'M', other: 'P' },
  parent: { kind: 'campus', node: 'M', other: 'P' },
  unit_contact: { kind: 'unit', node: 'E', other: 'F' },
  resident: { kind: 'community', node: 'A', other: 'B' },
};
// read with ff.read (or ff.apply) at or above the organisation
const READS_OWN: Role[] = ['town_admin', 'police_liaison', 'village_cadre', 'school_admin', 'unit_contact'];
// read the whole town
const TOWN_READERS: Role[] = ['town_admin', 'police_liaison'];

export function rows(m: MatrixContext): Rows {
  const { t, ids, forEveryRole } = m;
  const town = () => t.dataSource.getRepository(OrgNode).findOneByOrFail({ id: ids.T });
  const made = new Map<ProgramKind, Promise<number>>();
  const program = (kind: ProgramKind) => {
    let p = made.get(kind);
    if (!p) made.set(kind, (p = town().then((n) => ffProgramRow(t, n, { kind }).then((x) => x.id))));
    return p;
  };
  let foreign: Promise<number> | null = null;
  const foreignProgram = () => (foreign ??= secondTown(t, '无诈指标矩阵外镇', 'matrix-ffi-foreign-admin').then((x) => ffProgramRow(t, x.town).then((p) => p.id)));
  const foreignCase = (r: Role, req: (id: number) => Record<string, unknown>): Case => ({ as: r, label: 'a program of another town', req: async () => req(await foreignProgram()), status: 404, code: 'NOT_FOUND' });
  const seesPrograms = (r: Role) => FF_READERS.includes(r);

  // rankings and their export: readers of the town's programs (their own rows), others do not see it;
  // a node out of the reader's sight → 404
  const rankings = (): Case[] =>
    forEveryRole((r) => [
      { as: r, label: 'own program', req: async () => ({ params: { id: await program(OWN_ORG[r].kind) } }), status: seesPrograms(r) ? 200 : 404 },
      { as: r, label: 'own organisation', req: async () => ({ params: { id: await program(OWN_ORG[r].kind) }, query: { nodeId: ids[OWN_ORG[r].node] } }), status: seesPrograms(r) && READS_OWN.includes(r) ? 200 : 404 },
      {
        as: r,
        label: 'an organisation out of sight',
        req: async () => ({ params: { id: await program(OWN_ORG[r].kind) }, query: { nodeId: ids[TOWN_READERS.includes(r) ? 'county' : OWN_ORG[r].other] } }),
        status: 404,
        code: 'NOT_FOUND',
      },
      foreignCase(r, (id) => ({ params: { id } })),
    ]);

  return {
    'ff.indicators': forEveryRole((r) => [
      { as: r, label: 'own organisation', req: async () => ({ params: { id: await program(OWN_ORG[r].kind) }, query: { nodeId: ids[OWN_ORG[r].node] } }), status: READS_OWN.includes(r) ? 200 : 404 },
      {
        as: r,
        label: 'another organisation',
        req: async () => ({ params: { id: await program(OWN_ORG[r].kind) }, query: { nodeId: ids[OWN_ORG[r].other] } }),
        // town roles read every organisation of the town
        status: TOWN_READERS.includes(r) ? 200 : 404,
      },
      ...(TOWN_READERS.includes(r) ? [{ as: r, label: 'a grid (may not apply)', req: async () => ({ params: { id: await program('community') }, query: { nodeId: ids.A1 } }), status: 400, code: 'FF_NOT_ELIGIBLE' }] : []),
      foreignCase(r, (id) => ({ params: { id }, query: { nodeId: ids.A } })),
    ]),
    // town managers compute; other readers see the program (403); the rest do not (404)
    'ff.compute': forEveryRole((r) => [
      { as: r, label: 'own program', req: async () => ({ params: { id: await program(OWN_ORG[r].kind) } }), status: r === 'town_admin' ? 200 : seesPrograms(r) ? 403 : 404 },
      foreignCase(r, (id) => ({ params: { id } })),
    ]),
    'ff.rankings': rankings(),
    'ff.rankings.export': rankings(),
    // the town's summary for town readers; others do not see the town (404)
    'ff.summary': m.scoped(
      (r) => (TOWN_READERS.includes(r) ? 200 : 404),
      (nodeId) => ({ query: { nodeId } }),
    ),
  };
}

// No route here has a JSON body.
export function samples(_ids: DemoIds) {
  return {};
}
