import { Inject, Injectable, Logger } from '@nestjs/common';
import { childPath } from '@wuzha/shared';
import { DataSource, EntityManager } from 'typeorm';
import { Clock } from '../common/clock';
import { DataCipher } from '../common/data-cipher';
import { Membership } from '../modules/org/membership.entity';
import { OrgNode } from '../modules/org/org-node.entity';
import { User } from '../modules/users/user.entity';
import { DEMO_ORG, DEMO_USERS, DemoNode } from './demo-data';
import { seedDemoFf } from './demo-ff';
import { seedDemoPledge } from './demo-pledge';
import { seedDemoQuiz } from './demo-quiz';
import { toDbTime } from '../modules/org/db-time';

export interface SeedResult {
  seeded: boolean;
  nodes: number;
  users: number;
  memberships: number;
}

const SEED_LOCK = 'wuzha_seed';

// Loads the demo organisation and demo people into an empty database.
@Injectable()
export class SeedService {
  private readonly log = new Logger('Seed');

  constructor(
    @Inject(DataSource) private readonly ds: DataSource,
    @Inject(Clock) private readonly clock: Clock,
    @Inject(DataCipher) private readonly cipher: DataCipher,
  ) {}

  // Seeds everything in one transaction when there are no org nodes; otherwise does nothing.
  async seedIfEmpty(): Promise<SeedResult> {
    return this.withLock(async () => {
      const result = await this.ds.transaction(async (m) => {
        if ((await m.count(OrgNode)) > 0) return { seeded: false, nodes: 0, users: 0, memberships: 0 };
        return this.seed(m);
      });
      if (result.seeded) this.log.log(`seeded ${result.nodes} org nodes, ${result.users} users, ${result.memberships} memberships`);
      return result;
    });
  }

  private async seed(m: EntityManager): Promise<SeedResult> {
    const now = toDbTime(this.clock.now());
    const byNames = new Map<string, OrgNode>();
    let nodes = 0;
    const insertNode = async (spec: DemoNode, parent: OrgNode | null, names: string[]): Promise<void> => {
      // path holds the node's own id: insert with a unique placeholder, then set it
      const res = await m.insert(OrgNode, {
        parentId: parent?.id ?? null,
        kind: spec.kind,
        name: spec.name,
        path: `~seed-${nodes}`,
        depth: parent ? parent.depth + 1 : 0,
        createdAt: now,
        updatedAt: now,
      });
      const id = Number(res.identifiers[0].id);
      const path = childPath(parent?.path ?? null, id);
      await m.update(OrgNode, { id }, { path });
      const node = await m.findOneByOrFail(OrgNode, { id });
      nodes++;
      const key = [...names, spec.name];
      byNames.set(key.join('/'), node);
      for (const child of spec.children ?? []) await insertNode(child, node, key);
    };
    await insertNode(DEMO_ORG, null, []);

    let users = 0;
    let memberships = 0;
    for (const demo of DEMO_USERS) {
      let user = await m.findOneBy(User, { openid: demo.openid });
      if (!user) {
        user = m.create(User, {
          openid: demo.openid,
          unionid: null,
          displayName: demo.displayName,
          nameSet: true,
          phoneEnc: null,
          phoneHash: null,
          sessionKeyEnc: null,
          createdAt: now,
          updatedAt: now,
          lastLoginAt: now,
        });
        await m.insert(User, user);
        users++;
      }
      if (!demo.at) continue;
      const node = byNames.get(demo.at.join('/'));
      if (!node) throw new Error(`demo user ${demo.openid}: no node ${demo.at.join('/')}`);
      await m.insert(Membership, {
        userId: user.id,
        nodeId: node.id,
        nodePath: node.path,
        role: demo.role,
        source: 'seed',
        inviteId: null,
        createdAt: now,
      });
      memberships++;
    }
    await seedDemoQuiz(m, (names) => byNames.get(names.join('/')), now);
    await seedDemoPledge(m, this.cipher, (names) => byNames.get(names.join('/')), now);
    await seedDemoFf(m, (names) => byNames.get(names.join('/')), now);
    return { seeded: true, nodes, users, memberships };
  }

  // Two instances starting together over one MySQL database must not both seed.
  private async withLock<T>(fn: () => Promise<T>): Promise<T> {
    const type = this.ds.options.type;
    if (type !== 'mysql' && type !== 'mariadb') return fn();
    const qr = this.ds.createQueryRunner();
    await qr.connect();
    try {
      const rows = (await qr.query(`SELECT GET_LOCK('${SEED_LOCK}', 60) AS l`)) as Array<{ l: number | string | null }>;
      if (Number(rows[0]?.l) !== 1) throw new Error(`could not take the seed lock '${SEED_LOCK}' within 60 s`);
      try {
        return await fn();
      } finally {
        await qr.query(`SELECT RELEASE_LOCK('${SEED_LOCK}')`);
      }
    } finally {
      await qr.release();
    }
  }
}
