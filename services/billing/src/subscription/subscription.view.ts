import type { SubscriptionView } from '@platform/contracts';
import { DomainError } from '@platform/kernel';
import { type SubscriptionState, inFlight, remaining, tallyOf } from './subscription.state';

export function toView(state: SubscriptionState): SubscriptionView {
  if (state.status === 'none')
    throw new DomainError('SUBSCRIPTION_NOT_FOUND', 'not_found', 'The organisation has no subscription.');
  return {
    organisationId: state.organisationId,
    status: 'active',
    usageClass: state.usageClass,
    allowance: state.allowance,
    termStart: state.term.start,
    termEnd: state.term.end,
    tally: tallyOf(state),
    inFlight: inFlight(state),
    remaining: remaining(state),
    refunded: state.refundCount[state.term.start] ?? 0,
  };
}
