import type { SubscriptionView } from '@platform/contracts';
import { DomainError } from '@platform/kernel';
import { type SubscriptionState, inFlight, nextTerm, remaining, tallyOf } from './subscription.state';

export const subscriptionNotFound = () => new DomainError('SUBSCRIPTION_NOT_FOUND', 'not_found', 'The organisation has no subscription.');

export function toView(state: SubscriptionState): SubscriptionView {
  if (state.status === 'none') throw subscriptionNotFound();
  const next = nextTerm(state);
  return {
    organisationId: state.organisationId,
    status: state.status,
    usageClass: state.usageClass,
    allowance: state.allowance,
    termStart: state.term.start,
    termEnd: state.term.end,
    tally: tallyOf(state),
    inFlight: inFlight(state),
    remaining: remaining(state),
    refunded: state.refundCount[state.term.start] ?? 0,
    ...(next && {
      nextTerm: {
        termStart: next.termStart,
        termEnd: next.termEnd,
        usageClass: next.usageClass,
        automatic: next.automatic,
        renewedBy: next.renewedBy,
        renewedByEmail: next.renewedByEmail,
        renewedAt: next.renewedAt,
      },
    }),
    ...(state.awaitingPo && { awaitingPo: { invoiceNumber: state.awaitingPo.invoiceNumber, dueBy: state.awaitingPo.dueBy } }),
    ...(state.suspendedAt && { suspendedAt: state.suspendedAt }),
  };
}
