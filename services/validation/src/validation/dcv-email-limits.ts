import type { ValidationState } from './validation.state';

/** How many DCV e-mails may be asked for within a sliding window: for one domain, and for the whole organisation. */
export interface DcvEmailLimits {
  perDomain: number;
  perOrganisation: number;
  windowMs: number;
}

export interface DcvEmailRefusal {
  scope: 'domain' | 'organisation';
  limit: number;
  /** the first instant at which one more e-mail is within both limits */
  retryAt: Date;
}

/**
 * Would one more e-mail for `domain` at `at` pass a limit? Counted from the requests in the
 * organisation's stream, so every instance sees the same count and a restart forgets nothing.
 */
export function dcvEmailRefusal(state: ValidationState, domain: string, at: Date, limits: DcvEmailLimits): DcvEmailRefusal | undefined {
  const since = at.getTime() - limits.windowMs;
  const requestTimes = (domains: string[]) =>
    domains
      .flatMap((d) => Object.values(state.domains[d]?.emailChallenges ?? {}))
      .map((c) => Date.parse(c.requestedAt))
      .filter((t) => t > since)
      .sort((a, b) => a - b);
  // With n ≥ limit requests in the window, one more fits once the (n - limit + 1) oldest have left it.
  const over = (times: number[], limit: number, scope: DcvEmailRefusal['scope']): DcvEmailRefusal | undefined =>
    times.length >= limit ? { scope, limit, retryAt: new Date(times[times.length - limit] + limits.windowMs) } : undefined;
  const refusals = [
    over(requestTimes([domain]), limits.perDomain, 'domain'),
    over(requestTimes(Object.keys(state.domains)), limits.perOrganisation, 'organisation'),
  ].filter((r): r is DcvEmailRefusal => !!r);
  return refusals.sort((a, b) => b.retryAt.getTime() - a.retryAt.getTime())[0];
}
