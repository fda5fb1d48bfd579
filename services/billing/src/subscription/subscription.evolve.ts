import type { SubscriptionEvent } from './subscription.events';
import type { SubscriptionState } from './subscription.state';

const without = <V>(record: Record<string, V>, key: string): Record<string, V> => {
  const { [key]: _removed, ...rest } = record;
  return rest;
};

export function evolve(state: SubscriptionState, event: SubscriptionEvent): SubscriptionState {
  if (event.type === 'SubscriptionStarted') {
    const { organisationId, usageClass, allowance, termStart, termEnd } = event.data;
    return {
      status: 'active',
      organisationId,
      usageClass,
      allowance,
      term: { start: termStart, end: termEnd },
      reservations: {},
      counted: {},
      refunded: {},
      tally: {},
      refundCount: {},
    };
  }
  if (state.status === 'none') return state;
  switch (event.type) {
    case 'AllowanceReserved':
      return { ...state, reservations: { ...state.reservations, [event.data.certificateId]: event.data.termStart } };
    case 'AllowanceReleased':
      return { ...state, reservations: without(state.reservations, event.data.certificateId) };
    case 'CertificateCounted': {
      const { certificateId, termStart, issuedAt } = event.data;
      return {
        ...state,
        reservations: without(state.reservations, certificateId),
        counted: { ...state.counted, [certificateId]: { termStart, issuedAt } },
        tally: { ...state.tally, [termStart]: (state.tally[termStart] ?? 0) + 1 },
      };
    }
    case 'CertificateRefunded': {
      const { certificateId, termStart } = event.data;
      return {
        ...state,
        refunded: { ...state.refunded, [certificateId]: true },
        tally: { ...state.tally, [termStart]: (state.tally[termStart] ?? 0) - 1 },
        refundCount: { ...state.refundCount, [termStart]: (state.refundCount[termStart] ?? 0) + 1 },
      };
    }
    default: {
      const unreachable: never = event;
      return unreachable;
    }
  }
}
