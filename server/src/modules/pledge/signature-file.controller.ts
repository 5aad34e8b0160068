import { Controller, Inject, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { Input, Route, RouteInput } from '../../common/route';
import { SignatureFileService } from './signature-file.service';

@Controller()
export class SignatureFileController {
  constructor(@Inject(SignatureFileService) private readonly signatures: SignatureFileService) {}

  @Route('pledge.signatures.png')
  async png(@Input() input: RouteInput<'pledge.signatures.png'>, @Res({ passthrough: true }) reply: FastifyReply) {
    const file = await this.signatures.png(input.params.id, input.query.exp, input.query.sig);
    // a signer's handwriting: never in shared caches; the link carries its expiry, so cache until then
    reply
      .header('Content-Type', 'image/png')
      .header('Cache-Control', `private, max-age=${file.maxAge}, immutable`)
      .header('ETag', `"${file.sha256}"`)
      .header('X-Content-Type-Options', 'nosniff');
    return file.bytes;
  }
}
