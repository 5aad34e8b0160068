import { Inject, Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { subtreeWhere } from '../org/access.service';
import { addCounters, addType, childIdUnder, emptyCounters, NodeCounters, TypeCounters } from './quiz-stats-math';

type Num = number | string;

// Sums of one campaign's stat tables over the regions (audience ∩ viewed subtree), the whole and per
// direct child of the viewed node.
export interface CampaignSums {
  total: NodeCounters;
  perChild: Map<number, NodeCounters>;
  types: TypeCounters;
  typesPerChild: Map<number, TypeCounters>;
  questions: Array<{ questionId: number; correct: number; answered: number }>;
  weeks: Array<{ weekStart: string; attempts: number; passed: number; correct: number; answered: number }>;
}

export interface Population {
  total: number;
  perChild: Map<number, number>;
}

// Reads of the aggregate tables (quiz_node_stat, quiz_type_stat, quiz_question_stat, quiz_week_stat)
// and of memberships. Every query is a key range on (campaignId, nodePath) or (nodePath): the cost
// follows the number of nodes and questions, never the number of attempts.
@Injectable()
export class QuizStatsQueries {
  constructor(@Inject(DataSource) private readonly ds: DataSource) {}

  async campaignSums(campaignId: number, viewPath: string, regions: string[], manager: EntityManager = this.ds.manager): Promise<CampaignSums> {
    const sums: CampaignSums = { total: emptyCounters(), perChild: new Map(), types: new Map(), typesPerChild: new Map(), questions: [], weeks: [] };
    if (regions.length === 0) return sums;
    const range = (alias: string) => subtreeWhere(`${alias}.nodePath`, regions, 'rg');
    const inCampaign = (alias: string) => {
      const r = range(alias);
      return { sql: `${alias}.campaignId = :campaignId AND ${r.sql}`, params: { ...r.params, campaignId } };
    };
    const n = inCampaign('s');
    const t = inCampaign('t');
    const q = inCampaign('q');
    const w = inCampaign('w');
    // one row per counted node: rolled up to the children here
    const [nodes, types, questions, weeks] = await Promise.all([
      manager
        .createQueryBuilder()
        .select(['s.nodePath AS nodePath', 's.participants AS participants', 's.passed AS passed', 's.correct AS correct', 's.answered AS answered', 's.attempts AS attempts', 's.flagged AS flagged'])
        .from('quiz_node_stat', 's')
        .where(n.sql, n.params)
        .getRawMany<Record<keyof NodeCounters, Num> & { nodePath: string }>(),
      manager
        .createQueryBuilder()
        .select(['t.nodePath AS nodePath', 't.fraudType AS fraudType', 't.correct AS correct', 't.answered AS answered'])
        .from('quiz_type_stat', 't')
        .where(t.sql, t.params)
        .getRawMany<{ nodePath: string; fraudType: string; correct: Num; answered: Num }>(),
      // questions and weeks are only needed as a whole: summed in the database
      manager
        .createQueryBuilder()
        .select('q.questionId', 'questionId')
        .addSelect('SUM(q.correct)', 'correct')
        .addSelect('SUM(q.answered)', 'answered')
        .from('quiz_question_stat', 'q')
        .where(q.sql, q.params)
        .groupBy('q.questionId')
        .getRawMany<{ questionId: Num; correct: Num; answered: Num }>(),
      manager
        .createQueryBuilder()
        .select('w.weekStart', 'weekStart')
        .addSelect('SUM(w.attempts)', 'attempts')
        .addSelect('SUM(w.passed)', 'passed')
        .addSelect('SUM(w.correct)', 'correct')
        .addSelect('SUM(w.answered)', 'answered')
        .from('quiz_week_stat', 'w')
        .where(w.sql, w.params)
        .groupBy('w.weekStart')
        .orderBy('w.weekStart', 'ASC')
        .getRawMany<{ weekStart: string; attempts: Num; passed: Num; correct: Num; answered: Num }>(),
    ]);
    for (const r of nodes) {
      addCounters(sums.total, r);
      const child = childIdUnder(viewPath, r.nodePath);
      if (child === null) continue;
      const c = sums.perChild.get(child) ?? emptyCounters();
      addCounters(c, r);
      sums.perChild.set(child, c);
    }
    for (const r of types) {
      addType(sums.types, r.fraudType, r.correct, r.answered);
      const child = childIdUnder(viewPath, r.nodePath);
      if (child === null) continue;
      const c = sums.typesPerChild.get(child) ?? new Map();
      addType(c, r.fraudType, r.correct, r.answered);
      sums.typesPerChild.set(child, c);
    }
    sums.questions = questions.map((r) => ({ questionId: Number(r.questionId), correct: Number(r.correct), answered: Number(r.answered) }));
    sums.weeks = weeks.map((r) => ({ weekStart: String(r.weekStart), attempts: Number(r.attempts), passed: Number(r.passed), correct: Number(r.correct), answered: Number(r.answered) }));
    return sums;
  }

  // Fraud-type sums over every campaign, per node under the viewed node (IDX_quiz_type_stat_nodePath),
  // rolled up to the node's children here.
  async typeSumsAllCampaigns(viewPath: string, manager: EntityManager = this.ds.manager): Promise<{ total: TypeCounters; perChild: Map<number, TypeCounters> }> {
    const r = subtreeWhere('t.nodePath', [viewPath], 'ov');
    const rows = await manager
      .createQueryBuilder()
      .select('t.nodePath', 'nodePath')
      .addSelect('t.fraudType', 'fraudType')
      .addSelect('SUM(t.correct)', 'correct')
      .addSelect('SUM(t.answered)', 'answered')
      .from('quiz_type_stat', 't')
      .where(r.sql, r.params)
      // practice never reaches the stat tables; campaign 0 is kept out all the same
      .andWhere('t.campaignId > 0')
      .groupBy('t.nodePath')
      .addGroupBy('t.fraudType')
      .getRawMany<{ nodePath: string; fraudType: string; correct: Num; answered: Num }>();
    const total: TypeCounters = new Map();
    const perChild = new Map<number, TypeCounters>();
    for (const row of rows) {
      addType(total, row.fraudType, row.correct, row.answered);
      const child = childIdUnder(viewPath, row.nodePath);
      if (child === null) continue;
      const c = perChild.get(child) ?? new Map();
      addType(c, row.fraudType, row.correct, row.answered);
      perChild.set(child, c);
    }
    return { total, perChild };
  }

  // People expected to take the campaign: distinct holders of one of its roles under the regions, in
  // all and per direct child of the viewed node (the child's path prefix is cut out of nodePath in SQL,
  // so only one row per child leaves the database).
  async population(viewPath: string, regions: string[], roles: string[], manager: EntityManager = this.ds.manager): Promise<Population> {
    const result: Population = { total: 0, perChild: new Map() };
    if (regions.length === 0 || roles.length === 0) return result;
    const where = subtreeWhere('m.nodePath', regions, 'pp');
    const base = () =>
      manager
        .createQueryBuilder()
        .from('membership', 'm')
        .where(where.sql, where.params)
        .andWhere('m.role IN (:...roles)', { roles });
    const len = viewPath.length;
    // '/1/5/23/7/' under '/1/5/' → '/1/5/23/'; the node itself keeps its own path
    const childKey = `SUBSTR(m.nodePath, 1, ${len} + INSTR(SUBSTR(m.nodePath, ${len + 1}), '/'))`;
    const [total, perChild] = await Promise.all([
      this.populationTotal(regions, roles, manager),
      base().select(childKey, 'k').addSelect('COUNT(DISTINCT m.userId)', 'n').groupBy('k').getRawMany<{ k: string; n: Num }>(),
    ]);
    result.total = total;
    for (const r of perChild) {
      const child = childIdUnder(viewPath, String(r.k));
      if (child !== null) result.perChild.set(child, Number(r.n));
    }
    return result;
  }

  // The whole of population(): distinct holders of one of the roles under the regions (also the
  // Fraud-Free indicators' quiz denominator of one organisation).
  async populationTotal(regions: string[], roles: string[], manager: EntityManager = this.ds.manager): Promise<number> {
    if (regions.length === 0 || roles.length === 0) return 0;
    const where = subtreeWhere('m.nodePath', regions, 'pt');
    const row = await manager
      .createQueryBuilder()
      .select('COUNT(DISTINCT m.userId)', 'n')
      .from('membership', 'm')
      .where(where.sql, where.params)
      .andWhere('m.role IN (:...roles)', { roles })
      .getRawOne<{ n: Num }>();
    return Number(row?.n ?? 0);
  }

  // The current version's stem of each question.
  async stems(questionIds: number[], manager: EntityManager = this.ds.manager): Promise<Map<number, string>> {
    if (questionIds.length === 0) return new Map();
    const rows = await manager
      .createQueryBuilder()
      .select('q.id', 'id')
      .addSelect('v.stem', 'stem')
      .from('question', 'q')
      .innerJoin('question_version', 'v', 'v.id = q.currentVersionId')
      .where('q.id IN (:...ids)', { ids: questionIds })
      .getRawMany<{ id: Num; stem: string }>();
    return new Map(rows.map((r) => [Number(r.id), r.stem]));
  }

  // Direct children of a node with their own child counts (for drill-down).
  async children(parentId: number, manager: EntityManager = this.ds.manager): Promise<Array<{ id: number; name: string; kind: string; path: string; childCount: number }>> {
    const rows = await manager
      .createQueryBuilder()
      .select(['c.id AS id', 'c.name AS name', 'c.kind AS kind', 'c.path AS path'])
      .addSelect('(SELECT COUNT(*) FROM org_node g WHERE g.parentId = c.id)', 'childCount')
      .from('org_node', 'c')
      .where('c.parentId = :parentId', { parentId })
      .orderBy('c.id', 'ASC')
      .getRawMany<{ id: Num; name: string; kind: string; path: string; childCount: Num }>();
    return rows.map((r) => ({ id: Number(r.id), name: r.name, kind: r.kind, path: r.path, childCount: Number(r.childCount) }));
  }
}
