import { MigrationInterface, QueryRunner, Table, TableColumnOptions, TableIndex } from 'typeorm';

const id: TableColumnOptions = { name: 'id', type: 'integer', isPrimary: true, isGenerated: true, generationStrategy: 'increment' };

// Users (WeChat identities) and refresh tokens.
export class Users1732300000000 implements MigrationInterface {
  name = 'Users1732300000000';

  async up(q: QueryRunner): Promise<void> {
    await q.createTable(
      new Table({
        name: 'user_account',
        columns: [
          id,
          { name: 'openid', type: 'varchar', length: '64' },
          { name: 'unionid', type: 'varchar', length: '64', isNullable: true },
          { name: 'displayName', type: 'varchar', length: '32' },
          { name: 'nameSet', type: 'boolean' },
          { name: 'phoneEnc', type: 'text', isNullable: true },
          { name: 'phoneHash', type: 'varchar', length: '64', isNullable: true },
          { name: 'sessionKeyEnc', type: 'text', isNullable: true },
          { name: 'createdAt', type: 'datetime' },
          { name: 'updatedAt', type: 'datetime' },
          { name: 'lastLoginAt', type: 'datetime' },
        ],
        indices: [
          new TableIndex({ name: 'UQ_user_account_openid', columnNames: ['openid'], isUnique: true }),
          new TableIndex({ name: 'IDX_user_account_phoneHash', columnNames: ['phoneHash'] }),
        ],
      }),
    );
    await q.createTable(
      new Table({
        name: 'refresh_token',
        columns: [
          id,
          { name: 'userId', type: 'integer' },
          { name: 'familyId', type: 'varchar', length: '32', charset: 'ascii' },
          { name: 'tokenHash', type: 'varchar', length: '64', charset: 'ascii' },
          { name: 'expiresAt', type: 'datetime' },
          { name: 'usedAt', type: 'datetime', isNullable: true },
          { name: 'revokedAt', type: 'datetime', isNullable: true },
          { name: 'createdAt', type: 'datetime' },
        ],
        indices: [
          new TableIndex({ name: 'UQ_refresh_token_tokenHash', columnNames: ['tokenHash'], isUnique: true }),
          new TableIndex({ name: 'IDX_refresh_token_familyId', columnNames: ['familyId'] }),
          new TableIndex({ name: 'IDX_refresh_token_userId', columnNames: ['userId'] }),
        ],
      }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable('refresh_token');
    await q.dropTable('user_account');
  }
}
