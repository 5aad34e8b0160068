import { MigrationInterface, QueryRunner, Table, TableColumnOptions, TableIndex } from 'typeorm';

const id: TableColumnOptions = { name: 'id', type: 'integer', isPrimary: true, isGenerated: true, generationStrategy: 'increment' };
const asciiPath = (name: string, isNullable = false): TableColumnOptions => ({ name, type: 'varchar', length: '255', charset: 'ascii', isNullable });

// Org tree, memberships, invites, family members and the audit log.
export class Org1732300000200 implements MigrationInterface {
  name = 'Org1732300000200';

  async up(q: QueryRunner): Promise<void> {
    await q.createTable(
      new Table({
        name: 'org_node',
        columns: [
          id,
          { name: 'parentId', type: 'integer', isNullable: true },
          { name: 'kind', type: 'varchar', length: '16' },
          { name: 'name', type: 'varchar', length: '64' },
          asciiPath('path'),
          { name: 'depth', type: 'integer' },
          { name: 'createdAt', type: 'datetime' },
          { name: 'updatedAt', type: 'datetime' },
        ],
        indices: [
          new TableIndex({ name: 'UQ_org_node_path', columnNames: ['path'], isUnique: true }),
          new TableIndex({ name: 'IDX_org_node_parentId', columnNames: ['parentId'] }),
        ],
      }),
    );
    await q.createTable(
      new Table({
        name: 'membership',
        columns: [
          id,
          { name: 'userId', type: 'integer' },
          { name: 'nodeId', type: 'integer' },
          asciiPath('nodePath'),
          { name: 'role', type: 'varchar', length: '24' },
          { name: 'source', type: 'varchar', length: '16' },
          { name: 'inviteId', type: 'integer', isNullable: true },
          { name: 'createdAt', type: 'datetime' },
        ],
        indices: [
          new TableIndex({ name: 'UQ_membership_userId_nodeId_role', columnNames: ['userId', 'nodeId', 'role'], isUnique: true }),
          new TableIndex({ name: 'IDX_membership_nodePath', columnNames: ['nodePath'] }),
          new TableIndex({ name: 'IDX_membership_userId', columnNames: ['userId'] }),
        ],
      }),
    );
    await q.createTable(
      new Table({
        name: 'invite',
        columns: [
          id,
          { name: 'code', type: 'varchar', length: '8', charset: 'ascii' },
          { name: 'nodeId', type: 'integer' },
          asciiPath('nodePath'),
          { name: 'role', type: 'varchar', length: '24' },
          { name: 'maxUses', type: 'integer' },
          { name: 'uses', type: 'integer' },
          { name: 'expiresAt', type: 'datetime' },
          { name: 'revokedAt', type: 'datetime', isNullable: true },
          { name: 'createdBy', type: 'integer' },
          { name: 'createdAt', type: 'datetime' },
        ],
        indices: [
          new TableIndex({ name: 'UQ_invite_code', columnNames: ['code'], isUnique: true }),
          new TableIndex({ name: 'IDX_invite_nodePath', columnNames: ['nodePath'] }),
          new TableIndex({ name: 'IDX_invite_createdBy', columnNames: ['createdBy'] }),
        ],
      }),
    );
    await q.createTable(
      new Table({
        name: 'family_member',
        columns: [
          id,
          { name: 'ownerUserId', type: 'integer' },
          { name: 'name', type: 'varchar', length: '32' },
          { name: 'relationship', type: 'varchar', length: '16' },
          { name: 'birthYear', type: 'integer', isNullable: true },
          { name: 'phoneEnc', type: 'varchar', length: '255', isNullable: true },
          { name: 'note', type: 'varchar', length: '200', isNullable: true },
          { name: 'createdAt', type: 'datetime' },
          { name: 'updatedAt', type: 'datetime' },
        ],
        indices: [new TableIndex({ name: 'IDX_family_member_ownerUserId', columnNames: ['ownerUserId'] })],
      }),
    );
    await q.createTable(
      new Table({
        name: 'audit_log',
        columns: [
          id,
          { name: 'actorId', type: 'integer', isNullable: true },
          { name: 'action', type: 'varchar', length: '64' },
          { name: 'nodeId', type: 'integer', isNullable: true },
          asciiPath('nodePath', true),
          { name: 'subjectUserId', type: 'integer', isNullable: true },
          { name: 'targetType', type: 'varchar', length: '32', isNullable: true },
          { name: 'targetId', type: 'varchar', length: '64', isNullable: true },
          { name: 'detail', type: 'text', isNullable: true },
          { name: 'createdAt', type: 'datetime' },
        ],
        indices: [new TableIndex({ name: 'IDX_audit_log_nodePath_id', columnNames: ['nodePath', 'id'] })],
      }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    for (const t of ['audit_log', 'family_member', 'invite', 'membership', 'org_node']) await q.dropTable(t);
  }
}
