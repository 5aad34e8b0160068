import { MigrationInterface, QueryRunner, Table, TableColumnOptions, TableIndex } from 'typeorm';

const id: TableColumnOptions = { name: 'id', type: 'integer', isPrimary: true, isGenerated: true, generationStrategy: 'increment' };
const int = (name: string, isNullable = false): TableColumnOptions => ({ name, type: 'integer', isNullable });
const time = (name: string, isNullable = false): TableColumnOptions => ({ name, type: 'datetime', isNullable });
const str = (name: string, length: number, isNullable = false): TableColumnOptions => ({ name, type: 'varchar', length: String(length), isNullable });
const ascii = (name: string, length: number, isNullable = false): TableColumnOptions => ({ name, type: 'varchar', length: String(length), charset: 'ascii', isNullable });
const json = (name: string): TableColumnOptions => ({ name, type: 'text', isNullable: true });
const index = (table: string, cols: string[], unique = false) =>
  new TableIndex({ name: `${unique ? 'UQ' : 'IDX'}_${table}_${cols.join('_')}`, columnNames: cols, isUnique: unique });

// The Fraud-Free program: programs and their indicator values, the activity ledger, police case
// figures, applications with objections, awards, warnings and their rules.
export class FraudFree1732300000700 implements MigrationInterface {
  name = 'FraudFree1732300000700';

  async up(q: QueryRunner): Promise<void> {
    await q.createTable(
      new Table({
        name: 'ff_program',
        columns: [
          id,
          int('townId'),
          ascii('townPath', 255),
          str('kind', 16),
          str('title', 120),
          ascii('periodStart', 10),
          ascii('periodEnd', 10),
          ascii('applyFrom', 10),
          ascii('applyUntil', 10),
          int('noticeDays'),
          int('validityMonths'),
          json('indicators'),
          str('status', 16),
          int('createdBy'),
          time('createdAt'),
          time('updatedAt'),
          time('publishedAt', true),
          time('computedAt', true),
        ],
        indices: [index('ff_program', ['townId', 'status'])],
      }),
    );
    await q.createTable(
      new Table({
        name: 'ff_indicator_value',
        columns: [id, int('programId'), int('nodeId'), ascii('nodePath', 255), json('vals'), int('totalX10'), time('computedAt')],
        indices: [index('ff_indicator_value', ['programId', 'nodeId'], true), index('ff_indicator_value', ['programId', 'nodePath'])],
      }),
    );
    await q.createTable(
      new Table({
        name: 'ff_activity',
        columns: [id, int('townId'), int('nodeId'), ascii('nodePath', 255), ascii('day', 10), str('place', 120), str('kind', 16), str('title', 120), int('peopleReached'), json('photoIds'), int('createdBy'), time('createdAt')],
        indices: [index('ff_activity', ['nodePath', 'day']), index('ff_activity', ['townId', 'day'])],
      }),
    );
    await q.createTable(
      new Table({
        name: 'ff_case_figure',
        columns: [id, int('townId'), int('nodeId'), ascii('nodePath', 255), ascii('month', 7), int('cases'), int('lossYuan'), int('enteredBy'), time('createdAt'), time('updatedAt')],
        indices: [index('ff_case_figure', ['nodeId', 'month'], true), index('ff_case_figure', ['nodePath', 'month'])],
      }),
    );
    await q.createTable(
      new Table({
        name: 'ff_application',
        columns: [
          id,
          int('programId'),
          int('townId'),
          int('nodeId'),
          ascii('nodePath', 255),
          int('applicantId'),
          str('status', 16),
          { name: 'selfAssessment', type: 'text' },
          json('evidence'),
          json('manualScores'),
          json('snapshot'),
          int('scoreX10', true),
          int('reviewerId', true),
          str('reviewComment', 1000, true),
          time('submittedAt', true),
          time('reviewedAt', true),
          time('noticeEndsAt', true),
          time('decidedAt', true),
          time('createdAt'),
          time('updatedAt'),
        ],
        indices: [index('ff_application', ['programId', 'nodeId'], true), index('ff_application', ['townId', 'status']), index('ff_application', ['nodePath'])],
      }),
    );
    await q.createTable(
      new Table({
        name: 'ff_objection',
        columns: [id, int('applicationId'), int('userId'), str('text', 1000), time('createdAt')],
        indices: [index('ff_objection', ['applicationId'])],
      }),
    );
    await q.createTable(
      new Table({
        name: 'ff_award',
        columns: [
          id,
          int('programId'),
          int('applicationId'),
          int('townId'),
          int('nodeId'),
          ascii('nodePath', 255),
          str('kind', 16),
          int('scoreX10'),
          time('awardedAt'),
          time('validUntil'),
          str('status', 16),
          str('reviewReason', 500, true),
          time('reviewOpenedAt', true),
          str('revokeReason', 500, true),
          time('revokedAt', true),
          int('decidedBy', true),
          time('updatedAt'),
        ],
        indices: [index('ff_award', ['applicationId'], true), index('ff_award', ['nodePath']), index('ff_award', ['townId', 'status'])],
      }),
    );
    await q.createTable(
      new Table({
        name: 'ff_warning',
        columns: [id, int('townId'), int('nodeId'), ascii('nodePath', 255), ascii('period', 7), str('colour', 8), json('reasons'), time('computedAt')],
        indices: [index('ff_warning', ['nodeId', 'period'], true), index('ff_warning', ['townId', 'period'])],
      }),
    );
    await q.createTable(
      new Table({
        name: 'ff_warning_config',
        columns: [id, int('townId'), json('rules'), int('updatedBy'), time('updatedAt')],
        indices: [index('ff_warning_config', ['townId'], true)],
      }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    for (const t of ['ff_warning_config', 'ff_warning', 'ff_award', 'ff_objection', 'ff_application', 'ff_case_figure', 'ff_activity', 'ff_indicator_value', 'ff_program']) {
      await q.dropTable(t);
    }
  }
}
