import type { GrowOnlyMap } from './grow-only-map';
import type { UsageClass } from '../usage-classes';
import type { RenewalData } from './subscription.events';

export interface Term {
  start: string;
  end: string;
}

export interface Reservation {
  termStart: string;
  reservedAt: string;
}

export type SubscriptionState =
  | { status: 'none' }
  | {
      status: 'active' | 'suspended';
      organisationId: string;
      usageClass: UsageClass;
      allowance: number;
      /** last known member flag (automatic renewals price by it) */
      member: boolean;
      pricePence: number;
      term: Term;
      /** certificate id → term and time of the reservation, while the issuance is in progress */
      reservations: Record<string, Reservation>;
      /** certificate id → where and when it was counted */
      counted: GrowOnlyMap<{ termStart: string; issuedAt: string }>;
      refunded: GrowOnlyMap<true>;
      /** counted, then given back unissued: the certificate id is spent and can never be counted again */
      uncounted: GrowOnlyMap<true>;
      /** allowance thresholds told of, by `thresholdKey` (term, percent, allowance) */
      thresholds: GrowOnlyMap<true>;
      /** term start → certificates counted minus refunded */
      tally: Record<string, number>;
      refundCount: Record<string, number>;
      invoiceCount: number;
      /** invoice number → what a purchase order changes */
      invoices: Record<string, { termStart: string; status: 'awaiting-po' | 'issued'; poNumber?: string }>;
      /** renewal link token → the term it renews (kept for every term, so an old link can be answered) */
      renewalLinks: Record<string, string>;
      /** the reminder for the current term, once sent */
      reminder?: { termStart: string; sentAt: string };
      /** term start → the renewal that followed it (who, when, automatic or not) */
      renewals: Record<string, RenewalData>;
      /** after an automatic renewal, until a PO arrives */
      awaitingPo?: { termStart: string; invoiceNumber: string; dueBy: string };
      suspendedAt?: string;
    };

export type ActiveSubscription = Exclude<SubscriptionState, { status: 'none' }>;

export const initialState = (): SubscriptionState => ({ status: 'none' });

export const inFlight = (s: ActiveSubscription): number =>
  Object.values(s.reservations).filter((r) => r.termStart === s.term.start).length;

/** Counted and standing: confirmed (or issued) and not given back unissued. */
export const isCounted = (s: ActiveSubscription, certificateId: string): boolean =>
  s.counted.has(certificateId) && !s.uncounted.has(certificateId);

export const tallyOf = (s: ActiveSubscription): number => s.tally[s.term.start] ?? 0;

export const remaining = (s: ActiveSubscription): number => s.allowance - tallyOf(s) - inFlight(s);

/** The renewal that follows the current term, when one was decided. */
export const nextTerm = (s: ActiveSubscription): RenewalData | undefined => s.renewals[s.term.start];

/**
 * The key under which an allowance threshold counts as told: per term and allowance, so an upgrade (a
 * larger allowance) makes its thresholds new again, while a refund and a recount within the term does not.
 */
export const thresholdKey = (termStart: string, percent: number, allowance: number): string => `${termStart}:${percent}@${allowance}`;
