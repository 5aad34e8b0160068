import { Controller, Inject, Req, Res } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AuthContext, CurrentUser } from '../../common/auth-context';
import { Input, Route, RouteInput } from '../../common/route';
import { FilesService } from './files.service';
import { readUploadedFile } from './upload-reader';

@Controller()
export class FilesController {
  constructor(@Inject(FilesService) private readonly files: FilesService) {}

  @Route('files.upload')
  async upload(@CurrentUser() ctx: AuthContext, @Input() input: RouteInput<'files.upload'>, @Req() req: FastifyRequest) {
    const bytes = await readUploadedFile(req, input.query.purpose === 'evidence' ? '文件' : '图片');
    return this.files.upload(ctx, input.query.purpose, bytes);
  }

  @Route('files.get')
  async get(@Input() input: RouteInput<'files.get'>, @Res({ passthrough: true }) reply: FastifyReply) {
    const file = await this.files.serve(input.params.id, input.query.exp, input.query.sig);
    // the URL carries its expiry, so its bytes never change: cache until then (feedback and
    // offline-forward photos stay out of shared caches)
    const visibility = file.purpose === 'bulletin' ? 'public' : 'private';
    reply
      .header('Content-Type', file.mime)
      .header('Cache-Control', `${visibility}, max-age=${file.maxAge}, immutable`)
      .header('ETag', `"${file.sha256}"`)
      .header('X-Content-Type-Options', 'nosniff');
    // a PDF is downloaded, never rendered inline in the app's origin
    if (file.mime === 'application/pdf') reply.header('Content-Disposition', `attachment; filename="evidence-${input.params.id}.pdf"`);
    return file.bytes;
  }
}
