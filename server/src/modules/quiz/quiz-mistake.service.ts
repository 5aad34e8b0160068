import { Inject, Injectable } from '@nestjs/common';
import { FraudType, MistakePage, OkResponse, PageQuery, QuestionType } from '@wuzha/shared';
import { DataSource } from 'typeorm';
import { AuthContext } from '../../common/auth-context';
import { DomainError } from '../../common/domain-error';
import { iso } from '../org/views';
import { QuizBankService } from '../quiz-bank/quiz-bank.service';
import { QuizMistake } from './quiz-mistake.entity';
import { decodeChosen } from './quiz-paper';
import { mistakeCursor } from './quiz-rules';

// 错题本: one's own wrong answers (written by submits), most recent first; removing one marks it 已掌握.
@Injectable()
export class QuizMistakeService {
  constructor(
    @Inject(DataSource) private readonly ds: DataSource,
    @Inject(QuizBankService) private readonly bank: QuizBankService,
  ) {}

  async list(ctx: AuthContext, query: PageQuery): Promise<MistakePage> {
    const repo = this.ds.getRepository(QuizMistake);
    const qb = repo.createQueryBuilder('k').where('k.userId = :me', { me: ctx.userId });
    const total = await qb.getCount();
    const after = mistakeCursor.decode(query.cursor);
    if (after) {
      const at = new Date(after[0]);
      qb.andWhere('(k.lastWrongAt < :at OR (k.lastWrongAt = :at AND k.id < :id))', { at, id: after[1] });
    }
    const rows = await qb.orderBy('k.lastWrongAt', 'DESC').addOrderBy('k.id', 'DESC').take(query.limit + 1).getMany();
    const page = rows.slice(0, query.limit);
    const versions = await this.bank.versionsByIds(this.ds.manager, page.map((k) => k.questionVersionId));
    const last = page[page.length - 1];
    return {
      total,
      items: page
        .filter((k) => versions.has(k.questionVersionId))
        .map((k) => {
          const v = versions.get(k.questionVersionId)!;
          return {
            id: k.id,
            question: {
              id: k.questionId,
              type: v.type as QuestionType,
              stem: v.stem,
              options: v.options,
              answer: v.answer,
              explanation: v.explanation,
              source: v.source,
              fraudTypes: (v.fraudTypes ?? []) as FraudType[],
            },
            lastChosen: decodeChosen(k.lastChosen),
            wrongCount: k.wrongCount,
            lastWrongAt: iso(k.lastWrongAt),
          };
        }),
      nextCursor: rows.length > query.limit && last ? mistakeCursor.encode(new Date(last.lastWrongAt).getTime(), last.id) : null,
    };
  }

  async remove(ctx: AuthContext, id: number): Promise<OkResponse> {
    const res = await this.ds.getRepository(QuizMistake).delete({ id, userId: ctx.userId });
    if (!res.affected) throw new DomainError('NOT_FOUND');
    return { ok: true };
  }
}
