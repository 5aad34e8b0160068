import { Clock } from './clock';
import { DomainError } from './domain-error';
import { RateLimiter } from './rate-limiter';

describe('RateLimiter', () => {
  const setup = () => {
    const clock = new Clock();
    clock.set(new Date('2025-03-01T08:00:00Z'));
    return { clock, limiter: new RateLimiter(clock) };
  };
  const code = (fn: () => void) => {
    try {
      fn();
      return null;
    } catch (e) {
      return (e as DomainError).code;
    }
  };

  it('allows the limit within a minute and refuses the next with RATE_LIMITED', () => {
    const { limiter } = setup();
    for (let i = 0; i < 3; i++) expect(code(() => limiter.take(1, 'submit', 3))).toBeNull();
    expect(code(() => limiter.take(1, 'submit', 3))).toBe('RATE_LIMITED');
  });

  it('counts per user and per action', () => {
    const { limiter } = setup();
    for (let i = 0; i < 2; i++) limiter.take(1, 'start', 2);
    expect(code(() => limiter.take(1, 'start', 2))).toBe('RATE_LIMITED');
    expect(code(() => limiter.take(2, 'start', 2))).toBeNull();
    expect(code(() => limiter.take(1, 'check', 2))).toBeNull();
  });

  it('slides: a request leaves the window a minute after it was made', () => {
    const { clock, limiter } = setup();
    limiter.take(1, 'start', 2);
    clock.advance(30_000);
    limiter.take(1, 'start', 2);
    expect(code(() => limiter.take(1, 'start', 2))).toBe('RATE_LIMITED');
    clock.advance(30_001);
    // the first one is now older than a minute; the second is not
    expect(code(() => limiter.take(1, 'start', 2))).toBeNull();
    expect(code(() => limiter.take(1, 'start', 2))).toBe('RATE_LIMITED');
  });

  it('a refused request does not extend the wait', () => {
    const { clock, limiter } = setup();
    limiter.take(1, 'submit', 1);
    for (let i = 0; i < 5; i++) {
      clock.advance(10_000);
      expect(code(() => limiter.take(1, 'submit', 1))).toBe('RATE_LIMITED');
    }
    clock.advance(10_001);
    expect(code(() => limiter.take(1, 'submit', 1))).toBeNull();
  });
});
