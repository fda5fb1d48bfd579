import type { SubscriptionEvent } from './subscription.events';
import { evolve } from './subscription.evolve';
import { type ActiveSubscription, tallyOf, thresholdKey } from './subscription.state';

/** Shares of the allowance at which the RAOs are told (DESIGN: "allowance at 80 % and 100 %"). */
export const ALLOWANCE_THRESHOLDS = [80, 100] as const;

/** After a certificate was counted: the thresholds of the current term its count reached and nobody was told of yet. */
export function thresholdsReached(before: ActiveSubscription, events: SubscriptionEvent[], reachedAt: string): SubscriptionEvent[] {
  if (!events.some((e) => e.type === 'CertificateCounted')) return events;
  const after = events.reduce(evolve, before) as ActiveSubscription;
  const tally = tallyOf(after);
  const reached: SubscriptionEvent[] = ALLOWANCE_THRESHOLDS.filter(
    (percent) => tally * 100 >= percent * after.allowance && !after.thresholds.has(thresholdKey(after.term.start, percent, after.allowance)),
  ).map((percent) => ({ type: 'AllowanceThresholdReached', data: { termStart: after.term.start, percent, tally, allowance: after.allowance, reachedAt } }));
  return [...events, ...reached];
}
