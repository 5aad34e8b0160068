// Matrix rows and sample bodies of Fraud-Free programs (ff.programs.*), plus helpers the Fraud-Free
// e2e tests share: a valid program input and program rows written straight to their table.
import { chinaDayKey, DEFAULT_INDICATORS, ProgramInput, ProgramKind, Role } from '@wuzha/shared';
import { FfProgram } from '../../src/modules/ff-programs/ff-program.entity';
import { OrgNode } from '../../src/modules/org/org-node.entity';
import type { TestApp } from '../utils/test-app';
import type { Case, DemoIds, MatrixContext, Rows } from './context';
import { secondTown } from './pledge-campaigns.rows';

const DAY = 86400_000;
const addDays = (day: string, n: number) => new Date(Date.parse(`${day}T00:00:00Z`) + n * DAY).toISOString().slice(0, 10);

// A valid program input: the kind's default indicators, the China year of `now` as the period, the
// application window from today for 30 days (override what a test needs).
export function ffProgramBody(townId: number, over: Partial<ProgramInput> = {}, now = new Date()): ProgramInput {
  const today = chinaDayKey(now);
  const kind = over.kind ?? 'community';
  return {
    townId,
    kind,
    title: '无诈社区（村）创建评比',
    periodStart: `${today.slice(0, 4)}-01-01`,
    periodEnd: `${today.slice(0, 4)}-12-31`,
    applyFrom: today,
    applyUntil: addDays(today, 29),
    noticeDays: 7,
    validityMonths: 12,
    indicators: DEFAULT_INDICATORS[kind].map((d) => ({ ...d })),
    ...over,
  };
}

// Writes a program row directly (default: a published community program open from today for 30 days).
export async function ffProgramRow(t: TestApp, town: Pick<OrgNode, 'id' | 'path'>, o: Partial<ProgramInput> & { status?: string } = {}): Promise<FfProgram> {
  const now = t.clock.now();
  const { status = 'published', ...over } = o;
  const { townId: _, ...fields } = ffProgramBody(town.id, over, now);
  return t.dataSource.getRepository(FfProgram).save({
    ...fields,
    townId: town.id,
    townPath: town.path,
    status,
    createdBy: 1,
    createdAt: now,
    updatedAt: now,
    publishedAt: status === 'draft' ? null : now,
    computedAt: null,
  });
}

// ---- matrix ----------------------------------------------------------------------------------

// hold ff.read, ff.apply, ff.manage or ff.review somewhere in the town: they see its published programs
export const FF_READERS: Role[] = ['town_admin', 'police_liaison', 'village_cadre', 'school_admin', 'unit_contact'];
// ff.manage at the town
const MANAGERS: Role[] = ['town_admin'];

export function rows(m: MatrixContext): Rows {
  const { t, ids } = m;
  const town = () => t.dataSource.getRepository(OrgNode).findOneByOrFail({ id: ids.T });
  let foreign: Promise<OrgNode> | null = null;
  const foreignTown = () => (foreign ??= secondTown(t, '无诈矩阵外镇', 'matrix-ff-foreign-admin').then((x) => x.town));
  const own = async (status: string) => (await ffProgramRow(t, await town(), { status })).id;
  const foreignProgram = async () => (await ffProgramRow(t, await foreignTown())).id;
  // managers succeed; readers see the program but may not (403); the rest do not see it (404)
  const manage = (r: Role, ok: number) => (MANAGERS.includes(r) ? ok : FF_READERS.includes(r) ? 403 : 404);
  const foreignCase = (r: Role, req: (id: number) => Record<string, unknown>): Case => ({
    as: r,
    label: 'a program of another town',
    req: async () => req(await foreignProgram()),
    status: 404,
    code: 'NOT_FOUND',
  });
  const body = () => ffProgramBody(ids.T, {}, t.clock.now());

  return {
    // own node readable by all; only Fraud-Free roles list (the rest 403); another node 404
    'ff.programs.list': m.scoped(
      (r) => (FF_READERS.includes(r) ? 200 : 403),
      (nodeId) => ({ query: { nodeId } }),
    ),
    'ff.programs.get': m.forEveryRole((r) => [
      { as: r, label: 'a published program of own town', req: async () => ({ params: { id: await own('published') } }), status: FF_READERS.includes(r) ? 200 : 404 },
      { as: r, label: 'a draft of own town', req: async () => ({ params: { id: await own('draft') } }), status: MANAGERS.includes(r) ? 200 : 404 },
      foreignCase(r, (id) => ({ params: { id } })),
    ]),
    // the town node: its admin creates, the police liaison sees it (403), the rest do not (404)
    'ff.programs.create': m.forEveryRole((r) => [
      { as: r, label: 'in own town', req: () => ({ body: body() }), status: r === 'town_admin' ? 201 : r === 'police_liaison' ? 403 : 404 },
      { as: r, label: 'in another town', req: async () => ({ body: ffProgramBody((await foreignTown()).id, {}, t.clock.now()) }), status: 404, code: 'NOT_FOUND' },
    ]),
    'ff.programs.update': m.forEveryRole((r) => [
      { as: r, label: 'a draft of own town', req: async () => ({ params: { id: await own('draft') }, body: body() }), status: MANAGERS.includes(r) ? 200 : 404 },
      { as: r, label: 'a published program of own town (new title)', req: async () => ({ params: { id: await own('published') }, body: { ...body(), title: '改过标题的评比' } }), status: manage(r, 200) },
      foreignCase(r, (id) => ({ params: { id }, body: body() })),
    ]),
    'ff.programs.publish': m.forEveryRole((r) => [
      { as: r, label: 'a draft of own town', req: async () => ({ params: { id: await own('draft') } }), status: MANAGERS.includes(r) ? 200 : 404 },
      foreignCase(r, (id) => ({ params: { id } })),
    ]),
    'ff.programs.close': m.forEveryRole((r) => [
      { as: r, label: 'a published program of own town', req: async () => ({ params: { id: await own('published') } }), status: manage(r, 200) },
      foreignCase(r, (id) => ({ params: { id } })),
    ]),
  };
}

export function samples(ids: DemoIds) {
  return {
    'ff.programs.create': ffProgramBody(ids.town) as unknown as Record<string, unknown>,
    'ff.programs.update': ffProgramBody(ids.town) as unknown as Record<string, unknown>,
  };
}
