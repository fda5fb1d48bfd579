import type { UsageClass } from '../usage-classes';

export interface Term {
  start: string;
  end: string;
}

export type SubscriptionState =
  | { status: 'none' }
  | {
      status: 'active';
      organisationId: string;
      usageClass: UsageClass;
      allowance: number;
      term: Term;
      /** certificate id → term start, while the issuance is in progress */
      reservations: Record<string, string>;
      /** certificate id → where and when it was counted */
      counted: Record<string, { termStart: string; issuedAt: string }>;
      refunded: Record<string, true>;
      /** term start → certificates counted minus refunded */
      tally: Record<string, number>;
      refundCount: Record<string, number>;
    };

export type ActiveSubscription = Extract<SubscriptionState, { status: 'active' }>;

export const initialState = (): SubscriptionState => ({ status: 'none' });

export const inFlight = (s: ActiveSubscription): number =>
  Object.values(s.reservations).filter((termStart) => termStart === s.term.start).length;

export const tallyOf = (s: ActiveSubscription): number => s.tally[s.term.start] ?? 0;

export const remaining = (s: ActiveSubscription): number => s.allowance - tallyOf(s) - inFlight(s);
