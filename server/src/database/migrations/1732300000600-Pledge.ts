import { MigrationInterface, QueryRunner, Table, TableColumnOptions, TableIndex } from 'typeorm';

const id: TableColumnOptions = { name: 'id', type: 'integer', isPrimary: true, isGenerated: true, generationStrategy: 'increment' };
const int = (name: string, isNullable = false): TableColumnOptions => ({ name, type: 'integer', isNullable });
const time = (name: string, isNullable = false): TableColumnOptions => ({ name, type: 'datetime', isNullable });
const str = (name: string, length: number, isNullable = false): TableColumnOptions => ({ name, type: 'varchar', length: String(length), isNullable });
const ascii = (name: string, length: number, isNullable = false): TableColumnOptions => ({ name, type: 'varchar', length: String(length), charset: 'ascii', isNullable });
const json = (name: string): TableColumnOptions => ({ name, type: 'text', isNullable: true });
const bool = (name: string): TableColumnOptions => ({ name, type: 'boolean', isNullable: false });
const index = (table: string, cols: string[], unique = false) =>
  new TableIndex({ name: `${unique ? 'UQ' : 'IDX'}_${table}_${cols.join('_')}`, columnNames: cols, isUnique: unique });

// Pledges: texts with versions, class rosters, campaigns, chained signatures, reminder consents.
export class Pledge1732300000600 implements MigrationInterface {
  name = 'Pledge1732300000600';

  async up(q: QueryRunner): Promise<void> {
    await q.createTable(
      new Table({
        name: 'pledge_template',
        columns: [id, int('townId'), str('code', 32, true), str('kind', 16), int('currentVersionId'), int('version'), int('createdBy', true), time('createdAt'), time('updatedAt')],
        indices: [index('pledge_template', ['townId', 'kind']), index('pledge_template', ['townId', 'code'], true)],
      }),
    );
    await q.createTable(
      new Table({
        name: 'pledge_template_version',
        columns: [id, int('templateId'), int('version'), str('title', 60), { name: 'body', type: 'text' }, ascii('textHash', 64), bool('locked'), int('createdBy', true), time('createdAt')],
        indices: [index('pledge_template_version', ['templateId', 'version'], true)],
      }),
    );
    await q.createTable(
      new Table({
        name: 'pledge_roster_entry',
        columns: [
          id,
          int('schoolId'),
          int('classId'),
          ascii('classPath', 255),
          str('nameEnc', 255),
          str('studentNo', 20),
          int('birthYear', true),
          str('guardianPhoneEnc', 255, true),
          ascii('guardianPhoneHash', 64, true),
          time('removedAt', true),
          time('createdAt'),
          time('updatedAt'),
        ],
        indices: [
          index('pledge_roster_entry', ['schoolId', 'studentNo'], true),
          index('pledge_roster_entry', ['classPath']),
          index('pledge_roster_entry', ['classId']),
          index('pledge_roster_entry', ['guardianPhoneHash']),
        ],
      }),
    );
    await q.createTable(
      new Table({
        name: 'pledge_campaign',
        columns: [
          id,
          int('townId'),
          int('ownerNodeId'),
          ascii('ownerPath', 255),
          int('templateId'),
          int('templateVersionId'),
          str('kind', 16),
          str('audience', 16),
          str('title', 120),
          str('intro', 1000),
          json('scope'),
          time('deadline'),
          int('targetPercent'),
          bool('guardianSigns'),
          str('status', 16),
          int('chainSeq'),
          ascii('chainHead', 64, true),
          int('createdBy'),
          time('createdAt'),
          time('updatedAt'),
          time('publishedAt', true),
          time('closedAt', true),
        ],
        indices: [index('pledge_campaign', ['townId', 'status']), index('pledge_campaign', ['ownerPath'])],
      }),
    );
    await q.createTable(
      new Table({
        name: 'pledge_signature',
        columns: [
          id,
          int('campaignId'),
          int('seq'),
          ascii('subjectKey', 40),
          int('rosterEntryId', true),
          int('nodeId'),
          ascii('nodePath', 255),
          int('signerUserId'),
          str('signerType', 16),
          str('signerNameEnc', 255),
          str('relationship', 16, true),
          bool('guardianConsent'),
          str('unitName', 120, true),
          str('signerTitle', 40, true),
          int('templateVersionId'),
          ascii('textHash', 64),
          ascii('imageHash', 64),
          ascii('imageKey', 128),
          ascii('code', 16),
          time('signedAt'),
          ascii('prevHash', 64),
          ascii('recordHash', 64),
        ],
        indices: [
          index('pledge_signature', ['campaignId', 'subjectKey'], true),
          index('pledge_signature', ['campaignId', 'seq'], true),
          index('pledge_signature', ['code'], true),
          index('pledge_signature', ['campaignId', 'nodePath']),
          index('pledge_signature', ['campaignId', 'rosterEntryId']),
          index('pledge_signature', ['signerUserId']),
        ],
      }),
    );
    await q.createTable(
      new Table({
        name: 'pledge_reminder',
        columns: [id, int('campaignId'), int('userId'), int('rosterEntryId'), int('credits'), time('lastSentAt', true), time('createdAt'), time('updatedAt')],
        indices: [index('pledge_reminder', ['campaignId', 'userId', 'rosterEntryId'], true), index('pledge_reminder', ['campaignId', 'rosterEntryId'])],
      }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    for (const t of ['pledge_reminder', 'pledge_signature', 'pledge_campaign', 'pledge_roster_entry', 'pledge_template_version', 'pledge_template']) {
      await q.dropTable(t);
    }
  }
}
