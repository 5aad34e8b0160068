// Shared pieces of the authorization matrix (../authz-matrix.e2e-spec.ts) and the bad-input suite
// (../bad-input.e2e-spec.ts). Each feature adds a `<feature>.rows.ts` file here exporting `rows` (the
// matrix cases of its routes) and `samples` (a valid body per route with a JSON body); both suites
// load every such file, and the matrix fails when a route of the shared table has no rows.
import { readdirSync } from 'node:fs';
import { ApiName, NodeKind, Role, ROLES, TokenResponse } from '@wuzha/shared';
import { OrgNode } from '../../src/modules/org/org-node.entity';
import type { demoNodeIds } from '../utils/demo-nodes';
import type { TestApp } from '../utils/test-app';

export type Req = { params?: Record<string, string | number>; query?: Record<string, string | number>; body?: unknown };
export interface Case {
  as: Role;
  label: string;
  req: () => Promise<Req> | Req;
  status: number;
  code?: string;
}
export type Rows = Partial<Record<ApiName, Case[]>>;
export type DemoIds = Awaited<ReturnType<typeof demoNodeIds>>;

// Short names of the demo nodes used as "own" and "other" scopes.
export type NodeKey = 'county' | 'T' | 'A' | 'B' | 'A1' | 'B1' | 'B2' | 'M' | 'P' | 'C71' | 'C72' | 'E' | 'F';

export interface MatrixContext {
  t: TestApp;
  tokens: Record<Role, TokenResponse>;
  ids: Record<NodeKey, number>;
  // each role's own node (inside its scope) and a node of the same kind outside it
  own: Record<Role, NodeKey>;
  other: Record<Role, NodeKey>;
  forEveryRole(make: (role: Role) => Case[]): Case[];
  // own node → status(role); other node → 404 NOT_FOUND
  scoped(status: (r: Role) => number, req: (node: number, r: Role) => Req): Case[];
  // every role, the same request and status
  everyone(status: number, req: () => Promise<Req> | Req, label?: string): Case[];
  // a fresh resident of 东山村第一网格 (someone others may act on without disturbing the demo users)
  freshResident(): Promise<{ token: string; membershipId: number; userId: number }>;
}

export interface RowsModule {
  rows(m: MatrixContext): Rows;
  // a valid JSON body per route with one (each bad-input mutation is then the only fault)
  samples?(ids: DemoIds): Partial<Record<ApiName, Record<string, unknown>>>;
}

export function loadRowsModules(): RowsModule[] {
  return readdirSync(__dirname)
    .filter((f) => f.endsWith('.rows.ts'))
    .sort()
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    .map((f) => require(`./${f}`) as RowsModule);
}

export function forEveryRole(make: (role: Role) => Case[]): Case[] {
  return ROLES.flatMap(make);
}

// A node made straight in the table under a parent. Rows of every feature share one app and earlier
// rows join the demo users to demo nodes, rename and create nodes; a row that needs ground nobody
// else acts on makes it here (no one holds a role in it unless the row gives one).
export async function childNode(t: TestApp, parentId: number, kind: NodeKind, name: string): Promise<OrgNode> {
  const repo = t.dataSource.getRepository(OrgNode);
  const parent = await repo.findOneByOrFail({ id: parentId });
  const now = t.clock.now();
  const node = await repo.save({ parentId, kind, name, path: `${parent.path}tmp/`, depth: parent.depth + 1, createdAt: now, updatedAt: now });
  node.path = `${parent.path}${node.id}/`;
  return repo.save(node);
}
