import { GrowOnlyMap } from './grow-only-map';
import type { SubscriptionEvent } from './subscription.events';
import { type SubscriptionState, thresholdKey } from './subscription.state';

const without = <V>(record: Record<string, V>, key: string): Record<string, V> => {
  const { [key]: _removed, ...rest } = record;
  return rest;
};

export function evolve(state: SubscriptionState, event: SubscriptionEvent): SubscriptionState {
  if (event.type === 'SubscriptionStarted') {
    const { organisationId, usageClass, allowance, member, pricePence, termStart, termEnd } = event.data;
    return {
      status: 'active',
      organisationId,
      usageClass,
      allowance,
      member,
      pricePence,
      term: { start: termStart, end: termEnd },
      reservations: {},
      counted: GrowOnlyMap.empty(),
      refunded: GrowOnlyMap.empty(),
      uncounted: GrowOnlyMap.empty(),
      thresholds: GrowOnlyMap.empty(),
      tally: {},
      refundCount: {},
      invoiceCount: 0,
      invoices: {},
      renewalLinks: {},
      renewals: {},
    };
  }
  if (state.status === 'none') return state;
  switch (event.type) {
    case 'AllowanceReserved': {
      const { certificateId, termStart, reservedAt } = event.data;
      return { ...state, reservations: { ...state.reservations, [certificateId]: { termStart, reservedAt } } };
    }
    case 'AllowanceReleased':
      return { ...state, reservations: without(state.reservations, event.data.certificateId) };
    case 'CertificateCounted': {
      const { certificateId, termStart, issuedAt } = event.data;
      return {
        ...state,
        reservations: without(state.reservations, certificateId),
        counted: state.counted.with(certificateId, { termStart, issuedAt }),
        tally: { ...state.tally, [termStart]: (state.tally[termStart] ?? 0) + 1 },
      };
    }
    case 'CertificateUncounted': {
      const { certificateId, termStart } = event.data;
      return {
        ...state,
        uncounted: state.uncounted.with(certificateId, true),
        tally: { ...state.tally, [termStart]: (state.tally[termStart] ?? 0) - 1 },
      };
    }
    case 'CertificateRefunded': {
      const { certificateId, termStart } = event.data;
      return {
        ...state,
        refunded: state.refunded.with(certificateId, true),
        tally: { ...state.tally, [termStart]: (state.tally[termStart] ?? 0) - 1 },
        refundCount: { ...state.refundCount, [termStart]: (state.refundCount[termStart] ?? 0) + 1 },
      };
    }
    case 'SubscriptionUpgraded': {
      const { toClass, allowance, pricePence, member } = event.data;
      return { ...state, usageClass: toClass, allowance, pricePence, member };
    }
    case 'InvoiceRaised': {
      const { invoiceNumber, termStart, status, poNumber } = event.data;
      return {
        ...state,
        invoiceCount: state.invoiceCount + 1,
        invoices: { ...state.invoices, [invoiceNumber]: { termStart, status, poNumber } },
      };
    }
    case 'RenewalReminderSent': {
      const { termStart, renewalToken, sentAt } = event.data;
      return { ...state, reminder: { termStart, sentAt }, renewalLinks: { ...state.renewalLinks, [renewalToken]: termStart } };
    }
    case 'SubscriptionRenewed': {
      const renewal = event.data;
      return {
        ...state,
        member: renewal.member,
        renewals: { ...state.renewals, [renewal.fromTermStart]: renewal },
        awaitingPo:
          renewal.automatic && renewal.poDueBy
            ? { termStart: renewal.termStart, invoiceNumber: renewal.invoiceNumber, dueBy: renewal.poDueBy }
            : state.awaitingPo,
      };
    }
    case 'TermStarted': {
      const { termStart, termEnd, usageClass, allowance } = event.data;
      const renewal = Object.values(state.renewals).find((r) => r.termStart === termStart);
      return {
        ...state,
        term: { start: termStart, end: termEnd },
        usageClass,
        allowance,
        pricePence: renewal?.pricePence ?? state.pricePence,
        reminder: undefined,
      };
    }
    case 'SubscriptionSuspended':
      return { ...state, status: 'suspended', suspendedAt: event.data.suspendedAt };
    case 'PurchaseOrderReceived': {
      const { invoiceNumber, poNumber } = event.data;
      const invoice = state.invoices[invoiceNumber];
      return {
        ...state,
        invoices: { ...state.invoices, [invoiceNumber]: { ...invoice, status: 'issued', poNumber } },
        awaitingPo: state.awaitingPo?.invoiceNumber === invoiceNumber ? undefined : state.awaitingPo,
      };
    }
    case 'SubscriptionReinstated':
      return { ...state, status: 'active', suspendedAt: undefined };
    case 'MemberFlagChanged':
      return { ...state, member: event.data.member };
    case 'AllowanceThresholdReached': {
      const { termStart, percent, allowance } = event.data;
      return { ...state, thresholds: state.thresholds.with(thresholdKey(termStart, percent, allowance), true) };
    }
    default: {
      const unreachable: never = event;
      return unreachable;
    }
  }
}
