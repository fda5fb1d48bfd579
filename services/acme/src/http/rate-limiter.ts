import type { Clock } from '@platform/kernel';
import { AcmeProblem } from './acme-problem';

/**
 * Fixed-window counters per key, kept in this instance's memory: with N instances behind a
 * balancer the effective limit is up to N times this one (good enough against a runaway client;
 * a shared limit would cost a store round trip per request).
 */
export class RateLimiter {
  private readonly windows = new Map<string, { start: number; count: number }>();

  constructor(
    private readonly limit: number,
    private readonly windowMs: number,
    private readonly clock: Clock,
    private readonly what: string,
  ) {}

  /** Counts one request for `key`; throws rateLimited with Retry-After when over the limit. */
  take(key: string): void {
    const now = this.clock.now().getTime();
    let window = this.windows.get(key);
    if (!window || now - window.start >= this.windowMs) {
      if (this.windows.size > 100_000) this.sweep(now);
      window = { start: now, count: 0 };
      this.windows.set(key, window);
    }
    window.count++;
    if (window.count > this.limit) {
      const retryAfter = Math.max(1, Math.ceil((window.start + this.windowMs - now) / 1000));
      throw new AcmeProblem('rateLimited', `Too many ${this.what}: at most ${this.limit} per ${this.windowMs / 1000} s. Retry after ${retryAfter} s.`, 429, 'ACME_RATE_LIMITED', {
        retryAfter,
      });
    }
  }

  private sweep(now: number): void {
    for (const [key, w] of this.windows) if (now - w.start >= this.windowMs) this.windows.delete(key);
  }
}
