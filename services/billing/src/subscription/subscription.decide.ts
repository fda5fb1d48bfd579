import { DomainError } from '@platform/kernel';
import { USAGE_CLASSES, priceOf, type UsageClass } from '../usage-classes';
import { addOneYear, dayOf } from './subscription.calendar';
import {
  type ProvidePurchaseOrder,
  type RenewSubscription,
  type UpgradeSubscription,
  decidePurchaseOrder,
  decideRenewal,
  decideUpgrade,
} from './subscription.decide-terms';
import type { SubscriptionEvent } from './subscription.events';
import { evolve } from './subscription.evolve';
import { classLine, invoiceNumber } from './subscription.pricing';
import { dueEvents } from './subscription.schedule';
import { type ActiveSubscription, type SubscriptionState, inFlight, isCounted, tallyOf } from './subscription.state';
import { thresholdsReached } from './subscription.thresholds';

export { addOneYear } from './subscription.calendar';

/** Revoked within this many hours of issuance: the unit is given back (DESIGN.md §2). */
export const REFUND_WINDOW_HOURS = 336;

export type SubscriptionCommand =
  /** the first term is invoiced at once: with a PO number the invoice is issued, without one it waits for it */
  | { type: 'StartSubscription'; organisationId: string; usageClass: UsageClass; member: boolean; startsOn: string; poNumber?: string; at: Date }
  | { type: 'ReserveAllowance'; certificateId: string; at: Date }
  /** confirmed: the unit may have been confirmed already; a counted one is given back as never issued */
  | { type: 'ReleaseAllowance'; certificateId: string; at: Date; confirmed?: boolean }
  /** just before signing: count the live reservation now, or refuse (RESERVATION_LAPSED) */
  | { type: 'ConfirmAllowance'; certificateId: string; at: Date; issuedAt: string }
  | { type: 'CountIssuedCertificate'; certificateId: string; issuedAt: string }
  | { type: 'RefundRevokedCertificate'; certificateId: string; issuedAt: string; revokedAt: string }
  | UpgradeSubscription
  | RenewSubscription
  | ProvidePurchaseOrder
  /** the member flag identity has now (its OrganisationMembershipChanged event) */
  | { type: 'ChangeMemberFlag'; member: boolean; at: Date }
  /** the scheduler: record whatever time has made due (renewalToken: for a reminder's link, if one is due) */
  | { type: 'CatchUp'; at: Date; renewalToken: string };

const noSubscription = () =>
  new DomainError(
    'NO_SUBSCRIPTION',
    'unprocessable',
    'The organisation has no subscription: ask the operator to start one before requesting certificates.',
  );

const inTerm = (s: ActiveSubscription, at: Date): boolean => {
  const day = dayOf(at);
  return s.term.start <= day && day < s.term.end;
};

/** Commands that act "now" first record what time has made due, then decide on the caught-up state. */
function afterCatchUp(state: ActiveSubscription, at: Date, then: (s: ActiveSubscription) => SubscriptionEvent[]): SubscriptionEvent[] {
  const due = dueEvents(state, at);
  return [...due, ...then(due.reduce(evolve, state) as ActiveSubscription)];
}

function reserve(s: ActiveSubscription, certificateId: string, at: Date): SubscriptionEvent[] {
  if (s.status === 'suspended')
    throw new DomainError(
      'SUBSCRIPTION_SUSPENDED',
      'unprocessable',
      `The subscription is suspended because invoice ${s.awaitingPo?.invoiceNumber ?? ''} has no purchase order number: no certificate can be requested until one is provided. Existing certificates stay valid.`,
      { invoiceNumber: s.awaitingPo?.invoiceNumber, suspendedAt: s.suspendedAt },
    );
  if (!inTerm(s, at))
    throw new DomainError('SUBSCRIPTION_NOT_IN_TERM', 'unprocessable', 'The subscription has no current term.', {
      termStart: s.term.start,
      termEnd: s.term.end,
    });
  if (tallyOf(s) + inFlight(s) >= s.allowance)
    throw new DomainError(
      'ALLOWANCE_EXHAUSTED',
      'unprocessable',
      `The ${s.allowance} certificates of usage class ${s.usageClass} for this term are used up: upgrade to a higher usage class to request more.`,
      { allowance: s.allowance, tally: tallyOf(s), inFlight: inFlight(s), usageClass: s.usageClass },
    );
  return [{ type: 'AllowanceReserved', data: { certificateId, termStart: s.term.start, reservedAt: at.toISOString() } }];
}

const reservationLapsed = (certificateId: string) =>
  new DomainError(
    'RESERVATION_LAPSED',
    'conflict',
    'The allowance unit reserved for this certificate is no longer held (it expired or was given back), so the certificate was not signed. Request it again.',
    { certificateId },
  );

/** A unit given back unissued closes its certificate id: its issued event could otherwise count it twice. */
const certificateIdSpent = (certificateId: string) =>
  new DomainError(
    'CERTIFICATE_ID_SPENT',
    'conflict',
    'A certificate was already attempted under this id and its unit given back after signing failed: send the request again with a new request id.',
    { certificateId },
  );

/** A unit is only counted for signing while its reservation is live: an expired one is released first. */
function confirm(s: ActiveSubscription, certificateId: string, issuedAt: string): SubscriptionEvent[] {
  if (s.uncounted.has(certificateId)) throw certificateIdSpent(certificateId);
  const reservation = s.reservations[certificateId];
  if (!reservation) throw reservationLapsed(certificateId);
  return [{ type: 'CertificateCounted', data: { certificateId, termStart: reservation.termStart, issuedAt } }];
}

export function decide(command: SubscriptionCommand, state: SubscriptionState): SubscriptionEvent[] {
  if (command.type === 'StartSubscription') {
    if (state.status !== 'none')
      throw new DomainError('SUBSCRIPTION_EXISTS', 'conflict', 'The organisation already has a subscription.', {
        usageClass: state.usageClass,
        termStart: state.term.start,
      });
    const { organisationId, usageClass, member, startsOn, poNumber, at } = command;
    const pricePence = priceOf(usageClass, member);
    const termEnd = addOneYear(startsOn);
    return [
      {
        type: 'SubscriptionStarted',
        data: { organisationId, usageClass, member, allowance: USAGE_CLASSES[usageClass].allowance, pricePence, termStart: startsOn, termEnd },
      },
      {
        type: 'InvoiceRaised',
        data: {
          invoiceNumber: invoiceNumber(organisationId, 1),
          organisationId,
          termStart: startsOn,
          reason: 'first-term',
          ...(poNumber ? { poNumber } : {}),
          lines: [{ description: `First term: ${classLine(usageClass, startsOn, termEnd)}`, amountPence: pricePence }],
          totalPence: pricePence,
          // Like a renewal, but the operator may start a subscription before the customer's PO exists:
          // the invoice then waits for it (attached later by invoice number), without suspending anything.
          status: poNumber ? 'issued' : 'awaiting-po',
          raisedAt: at.toISOString(),
        },
      },
    ];
  }
  if (state.status === 'none') {
    // Messages about certificates of an organisation without a subscription change nothing.
    // (A subscription started later asks identity for the member flag then.)
    if (['ReleaseAllowance', 'RefundRevokedCertificate', 'CatchUp', 'ChangeMemberFlag'].includes(command.type)) return [];
    if (command.type === 'ConfirmAllowance') throw reservationLapsed(command.certificateId);
    throw noSubscription();
  }
  switch (command.type) {
    case 'ReserveAllowance': {
      const { certificateId, at } = command;
      // Idempotent: a retried request reserves once. A unit given back unissued closed its certificate id.
      if (state.uncounted.has(certificateId)) throw certificateIdSpent(certificateId);
      if (state.reservations[certificateId] || state.counted.has(certificateId)) return [];
      return afterCatchUp(state, at, (s) => reserve(s, certificateId, at));
    }
    case 'ConfirmAllowance': {
      const { certificateId, at, issuedAt } = command;
      if (isCounted(state, certificateId)) return []; // confirmed (or counted) already: confirmed again
      // Time first (billing's clock): a reservation past its 10 minutes is released here, and then cannot be confirmed.
      return afterCatchUp(state, at, (s) => thresholdsReached(s, confirm(s, certificateId, issuedAt), at.toISOString()));
    }
    case 'ReleaseAllowance': {
      const { certificateId, at, confirmed } = command;
      const counted = state.counted.get(certificateId);
      if (confirmed && counted && !state.uncounted.has(certificateId) && !state.refunded.has(certificateId))
        return [{ type: 'CertificateUncounted', data: { certificateId, termStart: counted.termStart, issuedAt: counted.issuedAt, uncountedAt: at.toISOString() } }];
      const reservation = state.reservations[command.certificateId];
      if (!reservation) return [];
      return [
        {
          type: 'AllowanceReleased',
          data: { certificateId: command.certificateId, termStart: reservation.termStart, releasedAt: command.at.toISOString(), reason: 'failed' },
        },
      ];
    }
    case 'CountIssuedCertificate': {
      const { certificateId, issuedAt } = command;
      // Delivered again, or confirmed before signing: counted once. A unit given back unissued is not
      // counted again by a stray event (the certificate was never recorded as issued).
      if (state.counted.has(certificateId)) return [];
      // Counted against the term it was reserved in (the term of issuance).
      const termStart = state.reservations[certificateId]?.termStart ?? state.term.start;
      return thresholdsReached(state, [{ type: 'CertificateCounted', data: { certificateId, termStart, issuedAt } }], issuedAt);
    }
    case 'RefundRevokedCertificate': {
      const counted = state.counted.get(command.certificateId);
      if (!counted || state.refunded.has(command.certificateId)) return [];
      const hours = (Date.parse(command.revokedAt) - Date.parse(counted.issuedAt)) / 3_600_000;
      if (hours > REFUND_WINDOW_HOURS) return [];
      return [
        {
          type: 'CertificateRefunded',
          data: {
            certificateId: command.certificateId,
            termStart: counted.termStart,
            issuedAt: counted.issuedAt,
            revokedAt: command.revokedAt,
            hoursSinceIssuance: Math.round(hours * 100) / 100,
          },
        },
      ];
    }
    case 'UpgradeSubscription':
      return afterCatchUp(state, command.at, (s) => decideUpgrade(command, s));
    case 'RenewSubscription':
      return afterCatchUp(state, command.at, (s) => decideRenewal(command, s));
    case 'ProvidePurchaseOrder':
      return afterCatchUp(state, command.at, (s) => decidePurchaseOrder(command, s));
    case 'CatchUp':
      return dueEvents(state, command.at, command.renewalToken);
    case 'ChangeMemberFlag':
      // Recorded as it stands at `at`: what time made due before (an automatic renewal) used the old flag.
      return command.member === state.member ? [] : afterCatchUp(state, command.at, (s) =>
        s.member === command.member ? [] : [{ type: 'MemberFlagChanged', data: { member: command.member, changedAt: command.at.toISOString() } }],
      );
    default: {
      const unreachable: never = command;
      return unreachable;
    }
  }
}
