import { childPath, NodeKind, Role } from '@wuzha/shared';
import { DataSource } from 'typeorm';
import { Org1732300000200 } from '../../database/migrations/1732300000200-Org';
import { Pledge1732300000600 } from '../../database/migrations/1732300000600-Pledge';
import { Membership } from '../org/membership.entity';
import { OrgNode } from '../org/org-node.entity';
import { RosterEntry } from '../pledge-roster/roster-entry.entity';
import { PledgeSignature } from './pledge-signature.entity';
import { PledgePopulationService, scopeRegions } from './pledge-population.service';

// Denominators and signed counts against a real (in-memory SQLite) schema built by the migrations.

type NodeName = 'town' | 'dongshan' | 'dsGrid1' | 'dsGrid2' | 'dsFlats' | 'xihe' | 'school' | 'grade7' | 'class71' | 'class72' | 'grade8' | 'class81' | 'textile' | 'clinic' | 'otherTown';
const TREE: Array<[NodeName, NodeKind, NodeName | null]> = [
  ['town', 'town', null],
  ['dongshan', 'village', 'town'],
  ['dsGrid1', 'grid', 'dongshan'],
  ['dsGrid2', 'grid', 'dongshan'],
  ['dsFlats', 'building', 'dongshan'],
  ['xihe', 'village', 'town'],
  ['school', 'school', 'town'],
  ['grade7', 'grade', 'school'],
  ['class71', 'class', 'grade7'],
  ['class72', 'class', 'grade7'],
  ['grade8', 'grade', 'school'],
  ['class81', 'class', 'grade8'],
  ['textile', 'enterprise', 'town'],
  ['clinic', 'institution', 'xihe'],
  ['otherTown', 'town', null],
];
const HOLDERS: Array<[number, Role, NodeName]> = [
  // residents: 1 at the village and one of its grids (counted once), 2 and 3 in grids, 4 in a building
  [1, 'resident', 'dongshan'],
  [1, 'resident', 'dsGrid1'],
  [2, 'resident', 'dsGrid1'],
  [3, 'resident', 'dsGrid2'],
  [4, 'resident', 'dsFlats'],
  [5, 'resident', 'xihe'],
  // staff of units: a resident held at a unit is its staff, not a villager
  [6, 'resident', 'textile'],
  [7, 'resident', 'clinic'],
  [8, 'unit_contact', 'textile'],
  // teachers and the school admin (9 is both: counted once)
  [9, 'teacher', 'class71'],
  [9, 'school_admin', 'school'],
  [10, 'teacher', 'class81'],
  // not in any audience
  [11, 'village_cadre', 'dongshan'],
  [12, 'student', 'class71'],
  [13, 'resident', 'otherTown'],
];

let ds: DataSource;
let pop: PledgePopulationService;
const nodes = {} as Record<NodeName, OrgNode>;
const entries: RosterEntry[] = [];
let seq = 0;

const campaign = (id: number, audience: string, scope: NodeName[]) => ({ id, audience, scope: scope.map((n) => ({ nodeId: nodes[n].id, path: nodes[n].path })) });

async function sign(campaignId: number, at: NodeName, subjectKey: string, opts: { rosterEntryId?: number; signerUserId?: number; signerType?: string; at?: Date } = {}) {
  seq += 1;
  await ds.manager.insert(PledgeSignature, {
    campaignId,
    seq,
    subjectKey,
    rosterEntryId: opts.rosterEntryId ?? null,
    nodeId: nodes[at].id,
    nodePath: nodes[at].path,
    signerUserId: opts.signerUserId ?? 100,
    signerType: opts.signerType ?? 'self',
    signerNameEnc: 'x',
    relationship: opts.signerType === 'guardian' ? 'mother' : null,
    guardianConsent: opts.signerType === 'guardian',
    unitName: null,
    signerTitle: null,
    templateVersionId: 1,
    textHash: 'a'.repeat(64),
    imageHash: 'b'.repeat(64),
    imageKey: 'k',
    code: `C${seq}`,
    signedAt: opts.at ?? new Date(),
    prevHash: 'c'.repeat(64),
    recordHash: 'd'.repeat(64),
  });
}

beforeAll(async () => {
  ds = new DataSource({ type: 'better-sqlite3', database: ':memory:', entities: [OrgNode, Membership, RosterEntry, PledgeSignature], migrations: [Org1732300000200, Pledge1732300000600] });
  await ds.initialize();
  await ds.runMigrations();
  const now = new Date();
  for (const [name, kind, parent] of TREE) {
    const p = parent ? nodes[parent] : null;
    const res = await ds.manager.insert(OrgNode, { parentId: p?.id ?? null, kind, name, path: `~${name}`, depth: 0, createdAt: now, updatedAt: now });
    const id = Number(res.identifiers[0].id);
    await ds.manager.update(OrgNode, { id }, { path: childPath(p?.path ?? null, id) });
    nodes[name] = await ds.manager.findOneByOrFail(OrgNode, { id });
  }
  for (const [userId, role, at] of HOLDERS) {
    await ds.manager.insert(Membership, { userId, nodeId: nodes[at].id, nodePath: nodes[at].path, role, source: 'seed', inviteId: null, createdAt: now });
  }
  // class71: 3 live + 1 removed; class72: 2; class81: 1
  const roster: Array<[NodeName, boolean]> = [
    ['class71', false],
    ['class71', false],
    ['class71', false],
    ['class71', true],
    ['class72', false],
    ['class72', false],
    ['class81', false],
  ];
  for (const [i, [cls, removed]] of roster.entries()) {
    const res = await ds.manager.insert(RosterEntry, {
      schoolId: nodes.school.id,
      classId: nodes[cls].id,
      classPath: nodes[cls].path,
      nameEnc: 'x',
      studentNo: `S${i}`,
      birthYear: null,
      guardianPhoneEnc: null,
      guardianPhoneHash: null,
      removedAt: removed ? now : null,
      createdAt: now,
      updatedAt: now,
    });
    entries.push(await ds.manager.findOneByOrFail(RosterEntry, { id: Number(res.identifiers[0].id) }));
  }
  pop = new PledgePopulationService(ds);
});

afterAll(async () => {
  await ds.destroy();
});

describe('scopeRegions', () => {
  it('drops nested roots and narrows to a subtree', () => {
    expect(scopeRegions(campaign(1, 'students', ['school', 'class71']))).toEqual([nodes.school.path]);
    expect(scopeRegions(campaign(1, 'students', ['class71', 'class81']), nodes.grade7.path)).toEqual([nodes.class71.path]);
    expect(scopeRegions(campaign(1, 'students', ['class71']), nodes.dongshan.path)).toEqual([]);
  });
});

describe('students', () => {
  beforeAll(async () => {
    // 15:59:59 and 16:00:00 UTC: the last second of 3 March and the first of 4 March in China
    await sign(1, 'class71', `r:${entries[0].id}`, { rosterEntryId: entries[0].id, signerType: 'guardian', at: new Date('2025-03-03T15:59:59Z') });
    await sign(1, 'class71', `r:${entries[1].id}`, { rosterEntryId: entries[1].id, at: new Date('2025-03-03T16:00:00Z') });
    // removed from the roster after signing: counts neither above nor below
    await sign(1, 'class71', `r:${entries[3].id}`, { rosterEntryId: entries[3].id });
    await sign(1, 'class81', `r:${entries[6].id}`, { rosterEntryId: entries[6].id, signerType: 'guardian', at: new Date('2025-03-04T15:00:00Z') });
    // signed in class 7.2, then moved to class 7.1 (counted where the roster puts the student now)
    await sign(1, 'class72', `r:${entries[2].id}`, { rosterEntryId: entries[2].id, at: new Date('2025-03-04T01:00:00Z') });
    // another campaign's signature
    await sign(2, 'class72', `r:${entries[4].id}`, { rosterEntryId: entries[4].id });
  });

  it('counts live roster entries of the scope, narrowed to a subtree', async () => {
    const c = campaign(1, 'students', ['school']);
    expect(await pop.total(c)).toBe(6);
    expect(await pop.total(c, nodes.grade7.path)).toBe(5);
    expect(await pop.total(c, nodes.class71.path)).toBe(3);
    expect(await pop.total(c, nodes.dongshan.path)).toBe(0);
    expect(await pop.total(campaign(1, 'students', ['class71', 'class81']), nodes.school.path)).toBe(4);
  });

  it('rolls classes up to grades, and a class to itself', async () => {
    const c = campaign(1, 'students', ['school']);
    const school = await pop.rollup(c, nodes.school.path);
    expect(school.summary).toEqual({ total: 6, signed: 4, byGuardian: 2 });
    expect(Object.fromEntries(school.perChild)).toEqual({
      [nodes.grade7.id]: { total: 5, signed: 3, byGuardian: 1 },
      [nodes.grade8.id]: { total: 1, signed: 1, byGuardian: 1 },
    });
    const grade7 = await pop.rollup(c, nodes.grade7.path);
    expect(grade7.perChild.get(nodes.class71.id)).toEqual({ total: 3, signed: 3, byGuardian: 1 });
    expect(grade7.perChild.get(nodes.class72.id)).toEqual({ total: 2, signed: 0, byGuardian: 0 });
    const class71 = await pop.rollup(c, nodes.class71.path);
    expect(class71.summary).toEqual({ total: 3, signed: 3, byGuardian: 1 });
    expect(class71.perChild.size).toBe(0);
  });

  it('counts signatures per China day', async () => {
    const r = await pop.rollup(campaign(1, 'students', ['school']), nodes.school.path);
    expect(Object.fromEntries(r.daily)).toEqual({ '2025-03-03': 1, '2025-03-04': 3 });
  });

  it('narrows to the parts a tracker follows', async () => {
    const c = campaign(1, 'students', ['school']);
    const r = await pop.rollup(c, nodes.school.path, { within: [nodes.class71.path, nodes.class81.path, nodes.dongshan.path] });
    expect(r.summary).toEqual({ total: 4, signed: 4, byGuardian: 2 });
    expect(r.perChild.get(nodes.grade7.id)).toEqual({ total: 3, signed: 3, byGuardian: 1 });
    expect((await pop.rollup(c, nodes.class72.path, { within: [nodes.class71.path] })).summary).toEqual({ total: 0, signed: 0, byGuardian: 0 });
  });

  it('a scope of one class seen from the school holds only that class', async () => {
    const r = await pop.rollup(campaign(1, 'students', ['class71']), nodes.school.path);
    expect(r.summary).toEqual({ total: 3, signed: 3, byGuardian: 1 });
    expect([...r.perChild.keys()]).toEqual([nodes.grade7.id]);
  });
});

describe('residents', () => {
  beforeAll(async () => {
    await sign(3, 'dsGrid1', 'u:2', { signerUserId: 2 });
    await sign(3, 'dsFlats', 'u:4', { signerUserId: 4 });
    // signed at a node where they hold no resident role (any more): not counted
    await sign(3, 'dsGrid2', 'u:11', { signerUserId: 11 });
  });

  it('counts distinct residents at villages, grids and buildings, not at units', async () => {
    const c = campaign(3, 'residents', ['town']);
    expect(await pop.total(c)).toBe(5);
    expect(await pop.total(c, nodes.dongshan.path)).toBe(4);
    expect(await pop.total(c, nodes.xihe.path)).toBe(1);
    expect(await pop.total(campaign(3, 'residents', ['dsGrid1']))).toBe(2);
  });

  it('rolls grids up to the village, each person once per child', async () => {
    const c = campaign(3, 'residents', ['town']);
    const town = await pop.rollup(c, nodes.town.path);
    expect(town.summary).toEqual({ total: 5, signed: 2, byGuardian: 0 });
    expect(town.perChild.get(nodes.dongshan.id)).toEqual({ total: 4, signed: 2, byGuardian: 0 });
    expect(town.perChild.get(nodes.xihe.id)).toEqual({ total: 1, signed: 0, byGuardian: 0 });
    expect(town.perChild.has(nodes.textile.id)).toBe(false);
    const village = await pop.rollup(c, nodes.dongshan.path);
    // person 1 is held at the village itself and in grid 1: in the whole once, and in grid 1
    expect(village.summary.total).toBe(4);
    expect(village.perChild.get(nodes.dsGrid1.id)).toEqual({ total: 2, signed: 1, byGuardian: 0 });
    expect(village.perChild.get(nodes.dsGrid2.id)).toEqual({ total: 1, signed: 0, byGuardian: 0 });
    expect(village.perChild.get(nodes.dsFlats.id)).toEqual({ total: 1, signed: 1, byGuardian: 0 });
  });
});

describe('staff and units', () => {
  it('staff: residents of units, unit contacts, teachers and school admins, each once', async () => {
    const c = campaign(4, 'staff', ['town']);
    expect(await pop.total(c)).toBe(5);
    expect(await pop.total(c, nodes.school.path)).toBe(2);
    expect(await pop.total(c, nodes.textile.path)).toBe(2);
    expect(await pop.total(c, nodes.xihe.path)).toBe(1);
    await sign(4, 'textile', 'u:8', { signerUserId: 8 });
    const r = await pop.rollup(c, nodes.town.path);
    expect(r.summary).toEqual({ total: 5, signed: 1, byGuardian: 0 });
    expect(r.perChild.get(nodes.school.id)?.total).toBe(2);
    expect(r.perChild.get(nodes.textile.id)).toEqual({ total: 2, signed: 1, byGuardian: 0 });
  });

  it('units: unit nodes under the scope', async () => {
    const c = campaign(5, 'units', ['dongshan', 'textile']);
    expect(await pop.total(c)).toBe(2);
    expect(await pop.total(campaign(5, 'units', ['town']))).toBe(3);
    await sign(5, 'textile', `n:${nodes.textile.id}`, { signerUserId: 8 });
    const r = await pop.rollup(c, nodes.town.path);
    expect(r.summary).toEqual({ total: 2, signed: 1, byGuardian: 0 });
    expect(r.perChild.get(nodes.dongshan.id)).toEqual({ total: 1, signed: 0, byGuardian: 0 });
    expect(r.perChild.get(nodes.textile.id)).toEqual({ total: 1, signed: 1, byGuardian: 0 });
    expect(r.perChild.has(nodes.xihe.id)).toBe(false);
  });
});
