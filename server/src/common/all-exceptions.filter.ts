import { ArgumentsHost, Catch, ExceptionFilter, Logger } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { mapError } from './error-mapping';

// The one exception filter (registered as APP_FILTER). Nest also routes fastify's own errors (body
// parsing, size limit, content type) and unknown routes through it, so every error has one shape.
@Catch()
export class AllExceptionsFilter implements ExceptionFilter {
  private readonly logger = new Logger('HTTP');

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const req = http.getRequest<FastifyRequest>();
    const reply = http.getResponse<FastifyReply>();
    const mapped = mapError(exception, { method: req.method, url: req.url }, this.logger);
    if (reply.sent) return;
    if (mapped.headers) reply.headers(mapped.headers);
    void reply.status(mapped.status).type('application/json; charset=utf-8').send(mapped.body);
  }
}
