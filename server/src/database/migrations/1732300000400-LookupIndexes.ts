import { MigrationInterface, QueryRunner, TableIndex } from 'typeorm';

// Indexes found by the county-scale bench: publishing looked up the cadres of 300 nodes by
// membership.nodeId (a full scan of 300,000 people on SQLite, 23 s under the write lock); inbox views
// count groups by wechat_group.nodeId; the dashboard counts 已阅 among a bulletin's opens.
export class LookupIndexes1732300000400 implements MigrationInterface {
  name = 'LookupIndexes1732300000400';

  async up(q: QueryRunner): Promise<void> {
    await q.createIndex('membership', new TableIndex({ name: 'IDX_membership_nodeId_role', columnNames: ['nodeId', 'role'] }));
    await q.createIndex('wechat_group', new TableIndex({ name: 'IDX_wechat_group_nodeId', columnNames: ['nodeId'] }));
    await q.createIndex('bulletin_open', new TableIndex({ name: 'IDX_bulletin_open_bulletinId_confirmedAt', columnNames: ['bulletinId', 'confirmedAt'] }));
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropIndex('bulletin_open', 'IDX_bulletin_open_bulletinId_confirmedAt');
    await q.dropIndex('wechat_group', 'IDX_wechat_group_nodeId');
    await q.dropIndex('membership', 'IDX_membership_nodeId_role');
  }
}
