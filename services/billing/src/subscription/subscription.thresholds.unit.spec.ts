import { deciderSpec } from '@platform/testing';
import type { SubscriptionEvent } from './subscription.events';
import { subscriptionDecider } from './subscription.decider';

const spec = deciderSpec(subscriptionDecider);
const TERM = '2026-11-01';
const started = (allowance: number): SubscriptionEvent => ({
  type: 'SubscriptionStarted',
  data: { organisationId: 'org-1', usageClass: 'A', allowance, member: true, pricePence: 50_000, termStart: TERM, termEnd: '2027-11-01' },
});
const reserved = (certificateId: string): SubscriptionEvent => ({
  type: 'AllowanceReserved',
  data: { certificateId, termStart: TERM, reservedAt: '2026-11-26T11:55:00.000Z' },
});
const counted = (certificateId: string): SubscriptionEvent => ({ type: 'CertificateCounted', data: { certificateId, termStart: TERM, issuedAt: '2026-11-26T10:00:00.000Z' } });
const reached = (percent: 80 | 100, tally: number, allowance: number, reachedAt: string): SubscriptionEvent => ({
  type: 'AllowanceThresholdReached',
  data: { termStart: TERM, percent, tally, allowance, reachedAt },
});
const countedTimes = (n: number) => Array.from({ length: n }, (_, i) => counted(`c${i}`));
const at = new Date('2026-11-26T12:00:00.000Z');

describe('allowance thresholds', () => {
  it('the confirmation that brings the tally to 80 % tells so, once', () => {
    const { events } = spec.given([started(5), ...countedTimes(3), reserved('c3')]).when({ type: 'ConfirmAllowance', certificateId: 'c3', at, issuedAt: at.toISOString() });
    expect(events).toEqual([expect.objectContaining({ type: 'CertificateCounted' }), reached(80, 4, 5, at.toISOString())]);
  });

  it('a count below 80 % and one past a threshold already told say nothing more', () => {
    expect(spec.given([started(10), ...countedTimes(6), reserved('c6')]).when({ type: 'ConfirmAllowance', certificateId: 'c6', at, issuedAt: at.toISOString() }).events!.map((e) => e.type)).toEqual(['CertificateCounted']);
    const told = [started(5), ...countedTimes(4), reached(80, 4, 5, at.toISOString())];
    expect(spec.given(told).when({ type: 'CountIssuedCertificate', certificateId: 'c9', issuedAt: '2026-11-27T00:00:00.000Z' }).events).toEqual([
      expect.objectContaining({ type: 'CertificateCounted' }),
      reached(100, 5, 5, '2026-11-27T00:00:00.000Z'),
    ]);
  });

  it('a refund and a recount within the term do not tell 80 % again; an upgrade makes the thresholds new', () => {
    const told = [started(5), ...countedTimes(4), reached(80, 4, 5, at.toISOString())];
    const refunded: SubscriptionEvent = {
      type: 'CertificateRefunded',
      data: { certificateId: 'c0', termStart: TERM, issuedAt: '2026-11-26T10:00:00.000Z', revokedAt: at.toISOString(), hoursSinceIssuance: 2 },
    };
    expect(spec.given([...told, refunded]).when({ type: 'CountIssuedCertificate', certificateId: 'c9', issuedAt: at.toISOString() }).events!.map((e) => e.type)).toEqual(['CertificateCounted']);
    const upgraded: SubscriptionEvent = {
      type: 'SubscriptionUpgraded',
      data: { termStart: TERM, fromClass: 'A', toClass: 'B', allowance: 6, member: true, pricePence: 90_000, upgradedOn: '2026-11-26', daysLeft: 340, daysInTerm: 365, amountPence: 1, invoiceNumber: 'I-1', upgradedBy: 'a1' },
    };
    expect(spec.given([...told, upgraded]).when({ type: 'CountIssuedCertificate', certificateId: 'c9', issuedAt: at.toISOString() }).events).toEqual([
      expect.objectContaining({ type: 'CertificateCounted' }),
      reached(80, 5, 6, at.toISOString()),
    ]);
  });
});
