import { ManualClock } from '@platform/kernel';
import { RateLimiter } from './rate-limiter';

describe('ACME rate limiter', () => {
  it('refuses the request over the limit with rateLimited and the seconds left, then lets the next window through', () => {
    const clock = new ManualClock(new Date('2026-11-26T00:00:00Z'));
    const limiter = new RateLimiter(2, 60_000, clock, 'new orders for this account');
    limiter.take('a');
    limiter.take('a');
    limiter.take('b');
    expect(() => limiter.take('a')).toThrow(expect.objectContaining({ type: 'rateLimited', status: 429, extra: { retryAfter: 60 } }));
    clock.advance(45_000);
    expect(() => limiter.take('a')).toThrow(expect.objectContaining({ extra: { retryAfter: 15 } }));
    clock.advance(15_000);
    expect(() => limiter.take('a')).not.toThrow();
  });
});
