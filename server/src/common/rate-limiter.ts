import { Inject, Injectable } from '@nestjs/common';
import { Clock } from './clock';
import { DomainError } from './domain-error';

const WINDOW_MS = 60_000;
// sweep stale keys once the map grows past this, so idle users do not accumulate
const SWEEP_AT = 10_000;

// Per-user, per-action limits over a sliding minute, in memory (one process serves a town's load;
// a restart forgets the counts, which only ever lets a few more requests through). Time comes from
// the injected Clock, so tests move it.
@Injectable()
export class RateLimiter {
  private readonly hits = new Map<string, number[]>();

  constructor(@Inject(Clock) private readonly clock: Clock) {}

  // Counts one request of `action` by the user; over `perMinute` in the last minute → 429 RATE_LIMITED.
  take(userId: number, action: string, perMinute: number): void {
    const now = this.clock.now().getTime();
    const key = `${action}:${userId}`;
    const recent = (this.hits.get(key) ?? []).filter((t) => t > now - WINDOW_MS && t <= now);
    if (recent.length >= perMinute) {
      this.hits.set(key, recent);
      throw new DomainError('RATE_LIMITED');
    }
    recent.push(now);
    this.hits.set(key, recent);
    if (this.hits.size > SWEEP_AT) this.sweep(now);
  }

  private sweep(now: number): void {
    for (const [key, times] of this.hits) if (!times.some((t) => t > now - WINDOW_MS)) this.hits.delete(key);
  }
}
