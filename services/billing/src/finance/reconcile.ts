import type { Billing } from '@platform/contracts';
import { REFUND_WINDOW_HOURS } from '../subscription/subscription.decide';
import type { SubscriptionEvent } from '../subscription/subscription.events';

export interface IssuedCertificate {
  id: string;
  issuedAt: string;
  revokedAt?: string;
}

/** Every term the subscription has had, in order, from its events. */
export function termsOf(events: SubscriptionEvent[]): { start: string; end: string }[] {
  return events.flatMap((e) =>
    e.type === 'SubscriptionStarted' || e.type === 'TermStarted' ? [{ start: e.data.termStart, end: e.data.termEnd }] : [],
  );
}

/**
 * Billing's tally per term against issuance's own record: certificates issued in the term, minus those
 * revoked within 336 hours of issuance. Any difference means a lost or doubled count.
 */
export function reconcile(
  terms: { start: string; end: string }[],
  tally: Record<string, number>,
  certificates: IssuedCertificate[],
): Billing.ReconcileResponse['organisations'][number]['terms'] {
  return terms.map(({ start, end }) => {
    const inTerm = certificates.filter((c) => start <= c.issuedAt.slice(0, 10) && c.issuedAt.slice(0, 10) < end);
    const refundable = inTerm.filter((c) => c.revokedAt && Date.parse(c.revokedAt) - Date.parse(c.issuedAt) <= REFUND_WINDOW_HOURS * 3_600_000).length;
    const expected = inTerm.length - refundable;
    const counted = tally[start] ?? 0;
    return { termStart: start, termEnd: end, tally: counted, issued: inTerm.length, refundable, expected, ok: counted === expected };
  });
}
