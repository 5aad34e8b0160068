import { MigrationInterface, QueryRunner, Table, TableColumnOptions, TableIndex } from 'typeorm';

const id: TableColumnOptions = { name: 'id', type: 'integer', isPrimary: true, isGenerated: true, generationStrategy: 'increment' };
const asciiPath = (name: string): TableColumnOptions => ({ name, type: 'varchar', length: '255', charset: 'ascii' });
const int = (name: string, isNullable = false): TableColumnOptions => ({ name, type: 'integer', isNullable });
const time = (name: string, isNullable = false): TableColumnOptions => ({ name, type: 'datetime', isNullable });
const str = (name: string, length: number, isNullable = false): TableColumnOptions => ({ name, type: 'varchar', length: String(length), isNullable });
const ascii = (name: string, length: number): TableColumnOptions => ({ name, type: 'varchar', length: String(length), charset: 'ascii' });
const json = (name: string): TableColumnOptions => ({ name, type: 'text', isNullable: true });
const bool = (name: string, isNullable = false): TableColumnOptions => ({ name, type: 'boolean', isNullable });
const index = (table: string, cols: string[], unique = false) =>
  new TableIndex({ name: `${unique ? 'UQ' : 'IDX'}_${table}_${cols.join('_')}`, columnNames: cols, isUnique: unique });

// Quizzes: question bank with versions, campaigns, attempts and answers, participants, aggregates, 错题本.
export class Quiz1732300000500 implements MigrationInterface {
  name = 'Quiz1732300000500';

  async up(q: QueryRunner): Promise<void> {
    await q.createTable(
      new Table({
        name: 'question',
        columns: [id, int('townId'), str('code', 32), str('status', 16), int('currentVersionId'), int('version'), str('type', 16), int('difficulty'), str('tagKey', 200), str('audienceKey', 100), int('createdBy', true), time('createdAt'), time('updatedAt')],
        indices: [index('question', ['townId', 'code'], true), index('question', ['townId', 'status'])],
      }),
    );
    await q.createTable(
      new Table({
        name: 'question_version',
        columns: [
          id,
          int('questionId'),
          int('version'),
          str('type', 16),
          str('stem', 1000),
          json('options'),
          json('answer'),
          { name: 'explanation', type: 'text' },
          json('fraudTypes'),
          json('audiences'),
          int('difficulty'),
          str('source', 400, true),
          bool('locked'),
          int('createdBy', true),
          time('createdAt'),
        ],
        indices: [index('question_version', ['questionId', 'version'], true)],
      }),
    );
    await q.createTable(
      new Table({
        name: 'quiz_campaign',
        columns: [
          id,
          int('townId'),
          int('ownerNodeId'),
          asciiPath('ownerPath'),
          str('kind', 16),
          str('title', 120),
          str('intro', 1000),
          json('audience'),
          json('roles'),
          time('startsAt'),
          time('endsAt'),
          json('draw'),
          int('questionCount'),
          bool('shuffleQuestions'),
          bool('shuffleOptions'),
          int('timeLimitMinutes', true),
          int('attemptsPerDay', true),
          int('attemptsTotal', true),
          int('passPercent'),
          str('counting', 8),
          str('status', 16),
          int('createdBy'),
          time('createdAt'),
          time('updatedAt'),
          time('publishedAt', true),
          time('closedAt', true),
        ],
        indices: [index('quiz_campaign', ['townId', 'status']), index('quiz_campaign', ['ownerPath'])],
      }),
    );
    await q.createTable(
      new Table({
        name: 'quiz_attempt',
        columns: [
          id,
          int('campaignId'),
          int('userId'),
          int('nodeId'),
          asciiPath('nodePath'),
          str('kind', 16),
          str('status', 16),
          json('paper'),
          ascii('dayKey', 10),
          time('startedAt'),
          time('deadlineAt', true),
          time('submittedAt', true),
          int('elapsedSeconds', true),
          int('correct', true),
          int('total'),
          int('percent', true),
          bool('passed', true),
          int('hiddenCount'),
          bool('flagged'),
          json('tally'),
        ],
        indices: [index('quiz_attempt', ['userId', 'campaignId']), index('quiz_attempt', ['campaignId', 'nodePath'])],
      }),
    );
    await q.createTable(
      new Table({
        name: 'quiz_answer',
        columns: [id, int('attemptId'), int('questionId'), int('questionVersionId'), ascii('chosen', 32), bool('correct')],
        indices: [index('quiz_answer', ['attemptId'])],
      }),
    );
    await q.createTable(
      new Table({
        name: 'quiz_participant',
        columns: [id, int('campaignId'), int('userId'), int('nodeId'), asciiPath('nodePath'), int('countedAttemptId'), int('correct'), int('total'), int('percent'), bool('passed'), int('attempts'), time('updatedAt')],
        indices: [index('quiz_participant', ['campaignId', 'userId'], true)],
      }),
    );
    // Statistics sum a subtree's rows over (campaignId, nodePath). The tables with many rows per town
    // (nodes × types, nodes × questions) get a covering index, so the sums never touch the rows.
    const stat = (name: string, key: string, extra: TableColumnOptions[], counters: string[], cover: boolean, more: TableIndex[] = []) =>
      new Table({
        name,
        columns: [id, int('campaignId'), int('nodeId'), asciiPath('nodePath'), ...extra, ...counters.map((c) => int(c))],
        indices: [
          index(name, key ? ['campaignId', 'nodeId', key] : ['campaignId', 'nodeId'], true),
          cover ? new TableIndex({ name: `IDX_${name}_cover`, columnNames: ['campaignId', 'nodePath', key, ...counters] }) : index(name, ['campaignId', 'nodePath']),
          ...more,
        ],
      });
    await q.createTable(stat('quiz_node_stat', '', [], ['participants', 'passed', 'correct', 'answered', 'attempts', 'flagged'], false));
    await q.createTable(
      stat('quiz_type_stat', 'fraudType', [str('fraudType', 32)], ['correct', 'answered'], true, [
        new TableIndex({ name: 'IDX_quiz_type_stat_nodePath_cover', columnNames: ['nodePath', 'campaignId', 'fraudType', 'correct', 'answered'] }),
      ]),
    );
    await q.createTable(stat('quiz_question_stat', 'questionId', [int('questionId')], ['correct', 'answered'], true));
    await q.createTable(stat('quiz_week_stat', 'weekStart', [ascii('weekStart', 10)], ['attempts', 'passed', 'correct', 'answered'], false));
    await q.createTable(
      new Table({
        name: 'quiz_mistake',
        columns: [id, int('userId'), int('questionId'), int('questionVersionId'), ascii('lastChosen', 32), int('wrongCount'), time('lastWrongAt')],
        indices: [index('quiz_mistake', ['userId', 'questionId'], true), index('quiz_mistake', ['userId', 'lastWrongAt'])],
      }),
    );
    // a campaign's population (distinct holders of its roles in a subtree) from the index alone
    await q.createIndex('membership', new TableIndex({ name: 'IDX_membership_nodePath_role_userId', columnNames: ['nodePath', 'role', 'userId'] }));
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropIndex('membership', 'IDX_membership_nodePath_role_userId');
    for (const t of ['quiz_mistake', 'quiz_week_stat', 'quiz_question_stat', 'quiz_type_stat', 'quiz_node_stat', 'quiz_participant', 'quiz_answer', 'quiz_attempt', 'quiz_campaign', 'question_version', 'question']) {
      await q.dropTable(t);
    }
  }
}
