import { MigrationInterface, QueryRunner, Table, TableIndex } from 'typeorm';

// Table-backed outbox worked off by OutboxWorker (see modules/outbox).
// 'integer', not 'int': SQLite allows AUTOINCREMENT only on INTEGER PRIMARY KEY and TypeORM reads
// an entity's int as integer there (no drift); MySQL maps integer to int.
export class Outbox1732300000100 implements MigrationInterface {
  name = 'Outbox1732300000100';

  async up(q: QueryRunner): Promise<void> {
    await q.createTable(
      new Table({
        name: 'outbox_message',
        columns: [
          { name: 'id', type: 'integer', isPrimary: true, isGenerated: true, generationStrategy: 'increment' },
          { name: 'topic', type: 'varchar', length: '64' },
          { name: 'payload', type: 'text', isNullable: true },
          { name: 'status', type: 'varchar', length: '16' },
          { name: 'attempts', type: 'integer' },
          { name: 'nextAttemptAt', type: 'datetime' },
          { name: 'lockedBy', type: 'varchar', length: '64', isNullable: true },
          { name: 'lockedAt', type: 'datetime', isNullable: true },
          { name: 'lastError', type: 'text', isNullable: true },
          { name: 'dedupeKey', type: 'varchar', length: '128', isNullable: true },
          { name: 'createdAt', type: 'datetime' },
          { name: 'updatedAt', type: 'datetime' },
        ],
        indices: [
          new TableIndex({ name: 'IDX_outbox_message_status_nextAttemptAt', columnNames: ['status', 'nextAttemptAt'] }),
          new TableIndex({ name: 'UQ_outbox_message_dedupeKey', columnNames: ['dedupeKey'], isUnique: true }),
        ],
      }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable('outbox_message');
  }
}
