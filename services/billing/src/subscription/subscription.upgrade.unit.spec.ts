import { deciderSpec } from '@platform/testing';
import type { UsageClass } from '../usage-classes';
import { addMonths } from './subscription.calendar';
import { subscriptionDecider } from './subscription.decider';
import type { SubscriptionEvent } from './subscription.events';
import { divideRoundHalfUp, upgradeCharge } from './subscription.pricing';

const spec = deciderSpec(subscriptionDecider);
const started = (usageClass: UsageClass, termStart: string, member = true): SubscriptionEvent =>
  subscriptionDecider.decide({ type: 'StartSubscription', organisationId: 'org-1', usageClass, member, startsOn: termStart, at: new Date(`${termStart}T00:00:00Z`) }, { status: 'none' })[0];

describe('upgrade charge: (new − old) × days left ÷ days in term, in pence, rounded half up', () => {
  it.each([
    // from, to, member, term start, term end, upgraded on, days left, days in term, pence
    ['A', 'B', true, '2026-11-01', '2027-11-01', '2026-11-01', 365, 365, 40_000], // first day: the whole difference
    ['A', 'B', true, '2026-11-01', '2027-11-01', '2027-05-01', 184, 365, 20_164], // 20,164.38
    ['A', 'B', true, '2026-11-01', '2027-11-01', '2027-10-31', 1, 365, 110], // 109.59: last day
    ['A', 'F', false, '2026-11-01', '2027-11-01', '2027-02-09', 265, 365, 1_252_397], // non-member prices
    ['A', 'B', true, '2027-03-01', '2028-03-01', '2027-09-01', 182, 366, 19_891], // leap term: 19,890.71
    ['A', 'B', true, '2027-03-01', '2028-03-01', '2028-02-29', 1, 366, 109], // on 29 February
    ['A', 'B', false, '2028-02-29', '2029-03-01', '2029-02-28', 1, 366, 164], // term started on 29 February
    ['A', 'C', true, '2024-01-01', '2025-01-01', '2024-07-01', 184, 366, 75_410], // 75,409.84
  ] as const)('%s→%s member=%s, term %s–%s, on %s: %i/%i days, %i p', (from, to, member, termStart, termEnd, upgradedOn, daysLeft, daysInTerm, pence) => {
    expect(upgradeCharge({ from, to, member, termStart, termEnd, upgradedOn })).toEqual({ daysLeft, daysInTerm, amountPence: pence });
  });

  it.each([
    [1, 2, 1],
    [3, 2, 2],
    [5, 10, 1],
    [4, 10, 0],
    [149, 100, 1],
    [150, 100, 2],
    [250, 100, 3],
  ])('%i ÷ %i rounds half up to %i', (a, b, expected) => {
    expect(divideRoundHalfUp(a, b)).toBe(expected);
  });

  it('calendar months clamp to the end of a shorter month', () => {
    expect(addMonths('2027-05-31', -3)).toBe('2027-02-28');
    expect(addMonths('2028-05-31', -3)).toBe('2028-02-29');
    expect(addMonths('2027-01-31', 1)).toBe('2027-02-28');
    expect(addMonths('2027-11-01', -3)).toBe('2027-08-01');
  });
});

describe('subscription decider: upgrade', () => {
  const at = new Date('2027-05-01T09:30:00Z');

  it('moves to the higher class at once and raises an invoice for the pro-rata difference', () => {
    const given = spec.given([started('A', '2026-11-01')]);
    const { events } = given.when({ type: 'UpgradeSubscription', usageClass: 'B', member: true, at, by: 'rao-1' });
    expect(events).toEqual([
      {
        type: 'SubscriptionUpgraded',
        data: expect.objectContaining({ fromClass: 'A', toClass: 'B', allowance: 100, amountPence: 20_164, daysLeft: 184, invoiceNumber: 'INV-ORG1-0001' }),
      },
      {
        type: 'InvoiceRaised',
        data: expect.objectContaining({ invoiceNumber: 'INV-ORG1-0001', organisationId: 'org-1', totalPence: 20_164, reason: 'upgrade', status: 'issued' }),
      },
    ]);
    const after = spec.given([started('A', '2026-11-01'), ...events!]).state;
    expect(after.status !== 'none' && [after.usageClass, after.allowance]).toEqual(['B', 100]);
  });

  it('prices by the member flag it is given, not the one stored at the start', () => {
    const { events } = spec.given([started('A', '2026-11-01', true)]).when({ type: 'UpgradeSubscription', usageClass: 'B', member: false, at, by: 'rao-1' });
    expect(events?.[0].data).toMatchObject({ amountPence: 30_247 }); // (135,000 − 75,000) × 184 ÷ 365 = 30,246.58
  });

  it('refuses a downgrade and the same class with a clear message', () => {
    const given = spec.given([started('C', '2026-11-01')]);
    const down = given.when({ type: 'UpgradeSubscription', usageClass: 'B', member: true, at, by: 'rao-1' });
    expect(down.error).toMatchObject({ code: 'DOWNGRADE_NOT_ALLOWED', message: expect.stringContaining('when renewing') });
    expect(given.when({ type: 'UpgradeSubscription', usageClass: 'C', member: true, at, by: 'rao-1' }).error?.code).toBe('ALREADY_ON_USAGE_CLASS');
  });

  it('numbers invoices of one organisation in sequence', () => {
    const first = spec.given([started('A', '2026-11-01')]).when({ type: 'UpgradeSubscription', usageClass: 'B', member: true, at, by: 'r' }).events!;
    const second = spec
      .given([started('A', '2026-11-01'), ...first])
      .when({ type: 'UpgradeSubscription', usageClass: 'D', member: true, at, by: 'r' }).events!;
    expect(second[1].data).toMatchObject({ invoiceNumber: 'INV-ORG1-0002', totalPence: divideRoundHalfUp(260_000 * 184, 365) });
  });
});
