import { Controller, Inject, Req, Res } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AuthContext, CurrentUser } from '../../common/auth-context';
import { Input, Route, RouteInput } from '../../common/route';
import { sendXlsx } from '../../common/xlsx-download';
import { QuizBankService } from './quiz-bank.service';
import { readXlsxUpload } from './xlsx-upload';

@Controller()
export class QuizBankController {
  constructor(@Inject(QuizBankService) private readonly bank: QuizBankService) {}

  @Route('quiz.questions.list')
  list(@CurrentUser() ctx: AuthContext, @Input() input: RouteInput<'quiz.questions.list'>) {
    return this.bank.list(ctx, input.query);
  }

  // declared before quiz.questions.get so that /api/quiz/questions/export is not read as an id
  @Route('quiz.questions.export')
  async export(@CurrentUser() ctx: AuthContext, @Input() input: RouteInput<'quiz.questions.export'>, @Res({ passthrough: true }) reply: FastifyReply) {
    return sendXlsx(reply, await this.bank.export(ctx, input.query), `questions-${input.query.townId}.xlsx`);
  }

  @Route('quiz.questions.get')
  get(@CurrentUser() ctx: AuthContext, @Input() input: RouteInput<'quiz.questions.get'>) {
    return this.bank.get(ctx, input.params.id);
  }

  @Route('quiz.questions.create')
  create(@CurrentUser() ctx: AuthContext, @Input() input: RouteInput<'quiz.questions.create'>) {
    return this.bank.create(ctx, input.query.townId, input.body);
  }

  @Route('quiz.questions.update')
  update(@CurrentUser() ctx: AuthContext, @Input() input: RouteInput<'quiz.questions.update'>) {
    return this.bank.update(ctx, input.params.id, input.body);
  }

  @Route('quiz.questions.status')
  status(@CurrentUser() ctx: AuthContext, @Input() input: RouteInput<'quiz.questions.status'>) {
    return this.bank.setStatus(ctx, input.params.id, input.body.status);
  }

  // the caller's right to write the town's bank is checked before the upload is read
  @Route('quiz.questions.import')
  import(@CurrentUser() ctx: AuthContext, @Input() input: RouteInput<'quiz.questions.import'>, @Req() req: FastifyRequest) {
    return this.bank.import(ctx, input.query.townId, () => readXlsxUpload(req));
  }
}
