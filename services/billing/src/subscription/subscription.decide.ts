import { DomainError } from '@platform/kernel';
import { USAGE_CLASSES, priceOf, type UsageClass } from '../usage-classes';
import type { SubscriptionEvent } from './subscription.events';
import { type ActiveSubscription, type SubscriptionState, inFlight, tallyOf } from './subscription.state';

/** Revoked within this many hours of issuance: the unit is given back (DESIGN.md §2). */
export const REFUND_WINDOW_HOURS = 336;

export type SubscriptionCommand =
  | { type: 'StartSubscription'; organisationId: string; usageClass: UsageClass; member: boolean; startsOn: string }
  | { type: 'ReserveAllowance'; certificateId: string; at: Date }
  | { type: 'ReleaseAllowance'; certificateId: string; at: Date }
  | { type: 'CountIssuedCertificate'; certificateId: string; issuedAt: string }
  | { type: 'RefundRevokedCertificate'; certificateId: string; issuedAt: string; revokedAt: string };

const noSubscription = () =>
  new DomainError(
    'NO_SUBSCRIPTION',
    'unprocessable',
    'The organisation has no subscription: ask the operator to start one before requesting certificates.',
  );

/** One calendar year later (29 February starts end on 1 March). */
export const addOneYear = (isoDate: string): string => {
  const d = new Date(`${isoDate}T00:00:00.000Z`);
  d.setUTCFullYear(d.getUTCFullYear() + 1);
  return d.toISOString().slice(0, 10);
};

const inTerm = (s: ActiveSubscription, at: Date): boolean => {
  const day = at.toISOString().slice(0, 10);
  return s.term.start <= day && day < s.term.end;
};

export function decide(command: SubscriptionCommand, state: SubscriptionState): SubscriptionEvent[] {
  switch (command.type) {
    case 'StartSubscription': {
      if (state.status !== 'none')
        throw new DomainError('SUBSCRIPTION_EXISTS', 'conflict', 'The organisation already has a subscription.', {
          usageClass: state.usageClass,
          termStart: state.term.start,
        });
      const { organisationId, usageClass, member, startsOn } = command;
      return [
        {
          type: 'SubscriptionStarted',
          data: {
            organisationId,
            usageClass,
            member,
            allowance: USAGE_CLASSES[usageClass].allowance,
            pricePence: priceOf(usageClass, member),
            termStart: startsOn,
            termEnd: addOneYear(startsOn),
          },
        },
      ];
    }
    case 'ReserveAllowance': {
      if (state.status === 'none') throw noSubscription();
      const { certificateId, at } = command;
      // Idempotent: a retried request reserves once.
      if (state.reservations[certificateId] || state.counted[certificateId]) return [];
      if (!inTerm(state, at))
        throw new DomainError('SUBSCRIPTION_NOT_IN_TERM', 'unprocessable', 'The subscription has no current term.', {
          termStart: state.term.start,
          termEnd: state.term.end,
        });
      if (tallyOf(state) + inFlight(state) >= state.allowance)
        throw new DomainError(
          'ALLOWANCE_EXHAUSTED',
          'unprocessable',
          `The ${state.allowance} certificates of usage class ${state.usageClass} for this term are used up: upgrade to a higher usage class to request more.`,
          { allowance: state.allowance, tally: tallyOf(state), inFlight: inFlight(state), usageClass: state.usageClass },
        );
      return [
        {
          type: 'AllowanceReserved',
          data: { certificateId, termStart: state.term.start, reservedAt: at.toISOString() },
        },
      ];
    }
    case 'ReleaseAllowance': {
      if (state.status === 'none') return [];
      const termStart = state.reservations[command.certificateId];
      if (!termStart) return [];
      return [
        {
          type: 'AllowanceReleased',
          data: { certificateId: command.certificateId, termStart, releasedAt: command.at.toISOString() },
        },
      ];
    }
    case 'CountIssuedCertificate': {
      if (state.status === 'none') throw noSubscription();
      const { certificateId, issuedAt } = command;
      if (state.counted[certificateId]) return []; // delivered again: counted once
      // Counted against the term it was reserved in (the term of issuance).
      const termStart = state.reservations[certificateId] ?? state.term.start;
      return [{ type: 'CertificateCounted', data: { certificateId, termStart, issuedAt } }];
    }
    case 'RefundRevokedCertificate': {
      if (state.status === 'none') return [];
      const counted = state.counted[command.certificateId];
      if (!counted || state.refunded[command.certificateId]) return [];
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
    default: {
      const unreachable: never = command;
      return unreachable;
    }
  }
}
