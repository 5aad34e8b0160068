import { Controller, Res } from '@nestjs/common';
import { HealthResponse } from '@wuzha/shared';
import type { FastifyReply } from 'fastify';
import { Route } from '../../common/route';
import { HealthService } from './health.service';

@Controller()
export class HealthController {
  constructor(private readonly health: HealthService) {}

  // 503 when the database does not answer, so load balancers take the instance out
  @Route('health')
  async get(@Res({ passthrough: true }) reply: FastifyReply): Promise<HealthResponse> {
    const result = await this.health.check();
    if (result.status !== 'ok') void reply.status(503);
    return result;
  }
}
