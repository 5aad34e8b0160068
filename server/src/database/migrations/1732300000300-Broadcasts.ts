import { MigrationInterface, QueryRunner, Table, TableColumnOptions, TableIndex } from 'typeorm';

const id: TableColumnOptions = { name: 'id', type: 'integer', isPrimary: true, isGenerated: true, generationStrategy: 'increment' };
const asciiPath = (name: string): TableColumnOptions => ({ name, type: 'varchar', length: '255', charset: 'ascii' });
const int = (name: string, isNullable = false): TableColumnOptions => ({ name, type: 'integer', isNullable });
const time = (name: string, isNullable = false): TableColumnOptions => ({ name, type: 'datetime', isNullable });

// Three-level WeChat group broadcasts: files, bulletins, forwarding tasks, groups, opens, feedback.
export class Broadcasts1732300000300 implements MigrationInterface {
  name = 'Broadcasts1732300000300';

  async up(q: QueryRunner): Promise<void> {
    await q.createTable(
      new Table({
        name: 'stored_file',
        columns: [
          id,
          int('ownerId'),
          { name: 'purpose', type: 'varchar', length: '24' },
          { name: 'mime', type: 'varchar', length: '32' },
          int('size'),
          { name: 'sha256', type: 'varchar', length: '64', charset: 'ascii' },
          { name: 'storageKey', type: 'varchar', length: '128', charset: 'ascii' },
          time('createdAt'),
        ],
        indices: [new TableIndex({ name: 'IDX_stored_file_ownerId', columnNames: ['ownerId'] })],
      }),
    );
    await q.createTable(
      new Table({
        name: 'bulletin',
        columns: [
          id,
          int('townId'),
          asciiPath('townPath'),
          int('authorId'),
          { name: 'title', type: 'varchar', length: '120' },
          { name: 'summary', type: 'varchar', length: '200' },
          { name: 'body', type: 'text', isNullable: true },
          { name: 'category', type: 'varchar', length: '24' },
          { name: 'fraudTypes', type: 'text', isNullable: true },
          { name: 'urgency', type: 'varchar', length: '16' },
          { name: 'scopeKind', type: 'varchar', length: '8' },
          { name: 'status', type: 'varchar', length: '16' },
          time('forwardDeadline', true),
          time('publishAt', true),
          int('reviewerId', true),
          { name: 'returnReason', type: 'varchar', length: '400', isNullable: true },
          { name: 'contentCheck', type: 'text', isNullable: true },
          time('createdAt'),
          time('updatedAt'),
          time('submittedAt', true),
          time('reviewedAt', true),
          time('publishedAt', true),
        ],
        indices: [
          new TableIndex({ name: 'IDX_bulletin_townId_status', columnNames: ['townId', 'status'] }),
          new TableIndex({ name: 'IDX_bulletin_townId_publishedAt', columnNames: ['townId', 'publishedAt'] }),
        ],
      }),
    );
    await q.createTable(
      new Table({
        name: 'bulletin_target',
        columns: [id, int('bulletinId'), int('nodeId'), asciiPath('nodePath')],
        indices: [new TableIndex({ name: 'UQ_bulletin_target_bulletinId_nodeId', columnNames: ['bulletinId', 'nodeId'], isUnique: true })],
      }),
    );
    await q.createTable(
      new Table({
        name: 'forward_task',
        columns: [
          id,
          int('bulletinId'),
          int('nodeId'),
          asciiPath('nodePath'),
          int('level'),
          int('parentTaskId', true),
          { name: 'status', type: 'varchar', length: '16' },
          time('deadline', true),
          time('forwardedAt', true),
          int('forwardedBy', true),
          { name: 'offlineNote', type: 'varchar', length: '400', isNullable: true },
          int('offlinePhotoId', true),
          time('lastRemindedAt', true),
          time('createdAt'),
        ],
        indices: [
          new TableIndex({ name: 'UQ_forward_task_bulletinId_nodeId', columnNames: ['bulletinId', 'nodeId'], isUnique: true }),
          new TableIndex({ name: 'IDX_forward_task_nodeId_status', columnNames: ['nodeId', 'status'] }),
          new TableIndex({ name: 'IDX_forward_task_bulletinId_nodePath', columnNames: ['bulletinId', 'nodePath'] }),
        ],
      }),
    );
    await q.createTable(
      new Table({
        name: 'wechat_group',
        columns: [
          id,
          { name: 'opengid', type: 'varchar', length: '64', charset: 'ascii' },
          int('nodeId'),
          asciiPath('nodePath'),
          { name: 'name', type: 'varchar', length: '80' },
          int('boundBy'),
          time('boundAt'),
          time('updatedAt'),
        ],
        indices: [
          new TableIndex({ name: 'UQ_wechat_group_opengid', columnNames: ['opengid'], isUnique: true }),
          new TableIndex({ name: 'IDX_wechat_group_nodePath', columnNames: ['nodePath'] }),
        ],
      }),
    );
    await q.createTable(
      new Table({
        name: 'bulletin_open',
        columns: [id, int('bulletinId'), int('groupId'), int('userId'), time('openedAt'), time('confirmedAt', true)],
        indices: [
          new TableIndex({ name: 'UQ_bulletin_open_bulletinId_groupId_userId', columnNames: ['bulletinId', 'groupId', 'userId'], isUnique: true }),
          new TableIndex({ name: 'IDX_bulletin_open_userId_bulletinId', columnNames: ['userId', 'bulletinId'] }),
        ],
      }),
    );
    await q.createTable(
      new Table({
        name: 'feedback',
        columns: [
          id,
          int('authorId'),
          int('nodeId'),
          asciiPath('nodePath'),
          int('bulletinId', true),
          { name: 'kind', type: 'varchar', length: '16' },
          { name: 'body', type: 'text' },
          { name: 'photoIds', type: 'text', isNullable: true },
          time('createdAt'),
          time('lastActivityAt'),
        ],
        indices: [
          new TableIndex({ name: 'IDX_feedback_nodePath_lastActivityAt', columnNames: ['nodePath', 'lastActivityAt'] }),
          new TableIndex({ name: 'IDX_feedback_authorId', columnNames: ['authorId'] }),
        ],
      }),
    );
    await q.createTable(
      new Table({
        name: 'feedback_reply',
        columns: [id, int('feedbackId'), int('authorId'), int('authorNodeId'), { name: 'body', type: 'text' }, time('createdAt')],
        indices: [new TableIndex({ name: 'IDX_feedback_reply_feedbackId', columnNames: ['feedbackId'] })],
      }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    for (const t of ['feedback_reply', 'feedback', 'bulletin_open', 'wechat_group', 'forward_task', 'bulletin_target', 'bulletin', 'stored_file']) {
      await q.dropTable(t);
    }
  }
}
