import type { Billing } from '@platform/contracts';
import type { RecordedEvent } from '@platform/event-store';
import { subscriptionDecider } from '../subscription/subscription.decider';
import type { SubscriptionEvent } from '../subscription/subscription.events';

type Entry = Billing.UsageEntry;
type Term = Billing.UsageHistoryResponse['terms'][number];

const DAY_MS = 86_400_000;

/** One stored event → what finance reads (reservations and releases are operational, not usage). */
function toEntry(recorded: RecordedEvent, currentTerm: string): Entry | undefined {
  const event = recorded as unknown as SubscriptionEvent;
  const base = { at: recorded.metadata.occurredAt, actor: recorded.metadata.actor };
  switch (event.type) {
    case 'CertificateCounted':
      return { ...base, termStart: event.data.termStart, kind: 'issued', certificateId: event.data.certificateId };
    case 'CertificateUncounted':
      return { ...base, termStart: event.data.termStart, kind: 'not-issued', certificateId: event.data.certificateId };
    case 'CertificateRefunded': {
      const { certificateId, termStart, issuedAt, revokedAt } = event.data;
      const daysSinceIssuance = Math.floor((Date.parse(revokedAt) - Date.parse(issuedAt)) / DAY_MS);
      return { ...base, termStart, kind: 'refunded', certificateId, daysSinceIssuance };
    }
    case 'SubscriptionUpgraded': {
      const { termStart, fromClass, toClass, amountPence, invoiceNumber } = event.data;
      return { ...base, termStart, kind: 'upgrade', fromClass, usageClass: toClass, amountPence, invoiceNumber };
    }
    case 'SubscriptionRenewed': {
      const { termStart, usageClass, pricePence, invoiceNumber, poNumber, automatic } = event.data;
      return { ...base, termStart, kind: 'renewal', usageClass, amountPence: pricePence, invoiceNumber, poNumber, automatic };
    }
    case 'InvoiceRaised': {
      const { termStart, totalPence, invoiceNumber, poNumber } = event.data;
      return { ...base, termStart, kind: 'invoice', amountPence: totalPence, invoiceNumber, poNumber };
    }
    case 'PurchaseOrderReceived': {
      const { termStart, invoiceNumber, poNumber } = event.data;
      return { ...base, termStart, kind: 'purchase-order', invoiceNumber, poNumber };
    }
    case 'SubscriptionSuspended':
      return { ...base, termStart: event.data.termStart, kind: 'suspended', invoiceNumber: event.data.invoiceNumber };
    case 'SubscriptionReinstated':
      return { ...base, termStart: event.data.termStart ?? currentTerm, kind: 'reinstated' };
    default:
      return undefined;
  }
}

/** Usage per term, from the subscription's events alone (so it can be recomputed at any time). */
export function usageHistory(events: RecordedEvent[], onlyTerm?: string): Term[] {
  const terms = new Map<string, Term>();
  let currentTerm = '';
  for (const recorded of events) {
    const event = recorded as unknown as SubscriptionEvent;
    if (event.type === 'SubscriptionStarted') currentTerm = event.data.termStart;
    if (event.type === 'TermStarted') currentTerm = event.data.termStart;
    if (event.type === 'SubscriptionStarted' || event.type === 'TermStarted')
      terms.set(currentTerm, terms.get(currentTerm) ?? { termStart: currentTerm, issued: 0, refunded: 0, invoicedPence: 0, entries: [] });
    const entry = toEntry(recorded, currentTerm);
    if (!entry) continue;
    const term = terms.get(entry.termStart) ?? { termStart: entry.termStart, issued: 0, refunded: 0, invoicedPence: 0, entries: [] };
    term.entries.push(Object.fromEntries(Object.entries(entry).filter(([, v]) => v !== undefined)) as Entry);
    if (entry.kind === 'issued') term.issued++;
    if (entry.kind === 'not-issued') term.issued--;
    if (entry.kind === 'refunded') term.refunded++;
    if (entry.kind === 'invoice') term.invoicedPence += entry.amountPence ?? 0;
    terms.set(entry.termStart, term);
  }
  return [...terms.values()].filter((t) => !onlyTerm || t.termStart === onlyTerm).sort((a, b) => a.termStart.localeCompare(b.termStart));
}

/** The term the subscription is in after these events (its own fold), or undefined before it started. */
export function currentTermStart(events: RecordedEvent[]): string | undefined {
  const state = events.reduce((s, e) => subscriptionDecider.evolve(s, e as unknown as SubscriptionEvent), subscriptionDecider.initialState());
  return state.status === 'none' ? undefined : state.term.start;
}
