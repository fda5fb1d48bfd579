/**
 * Issue 18, defect 3: a reservation that lapsed (issuance or JetStream stalled for 10 minutes) let a
 * late certificate count 51 of 50. Issuance now confirms its unit just before signing: a live
 * reservation is counted then, a lapsed one is refused and nothing is signed.
 */
import { deciderSpec } from '@platform/testing';
import type { SubscriptionCommand } from './subscription.decide';
import { subscriptionDecider } from './subscription.decider';
import type { SubscriptionEvent } from './subscription.events';
import { RESERVATION_TIMEOUT_MS } from './subscription.schedule';
import { type SubscriptionState, tallyOf } from './subscription.state';

const spec = deciderSpec(subscriptionDecider);
const T0 = new Date('2026-11-26T12:00:00.000Z');
const later = (ms: number) => new Date(T0.getTime() + ms);
const started: SubscriptionEvent = {
  type: 'SubscriptionStarted',
  data: { organisationId: 'org-1', usageClass: 'A', allowance: 50, member: true, pricePence: 50_000, termStart: '2026-11-01', termEnd: '2027-11-01' },
};
const reserved = (certificateId: string, at = T0): SubscriptionEvent => ({
  type: 'AllowanceReserved',
  data: { certificateId, termStart: '2026-11-01', reservedAt: at.toISOString() },
});
const counted = (certificateId: string, at = T0): SubscriptionEvent => ({
  type: 'CertificateCounted',
  data: { certificateId, termStart: '2026-11-01', issuedAt: at.toISOString() },
});
const confirmCmd = (certificateId: string, at = T0): SubscriptionCommand => ({
  type: 'ConfirmAllowance',
  certificateId,
  at,
  issuedAt: at.toISOString(),
});

/** Runs commands one after another on the real decider, as the subscription stream would record them. */
function run(history: SubscriptionEvent[], commands: SubscriptionCommand[]) {
  let events = history;
  const errors: string[] = [];
  for (const command of commands) {
    const result = spec.given(events).when(command);
    if (result.error) errors.push(result.error.code ?? String(result.error));
    else events = [...events, ...result.events!];
  }
  const state = spec.given(events).state as Exclude<SubscriptionState, { status: 'none' }>;
  return { events, errors, tally: tallyOf(state) };
}

/** c0 reserves at T0 and stalls; 10 minutes later its unit is released and 50 others reserve and are issued. */
const lapsedThenFilled = (): SubscriptionCommand[] => {
  const at = later(RESERVATION_TIMEOUT_MS + 1_000);
  const others = Array.from({ length: 50 }, (_, i) => `c${i + 1}`);
  return [
    { type: 'ReserveAllowance', certificateId: 'c0', at: T0 },
    { type: 'CatchUp', at, renewalToken: 'token' },
    ...others.flatMap((id): SubscriptionCommand[] => [
      { type: 'ReserveAllowance', certificateId: id, at },
      confirmCmd(id, at),
      { type: 'CountIssuedCertificate', certificateId: id, issuedAt: at.toISOString() },
    ]),
  ];
};

describe('confirm before signing', () => {
  it('reproduction: a certificate counted without confirmation after its reservation lapsed makes 51 of 50', () => {
    // What happened before confirmation existed: the late issued event counted whatever the reservation's fate.
    const { tally } = run([started], [...lapsedThenFilled(), { type: 'CountIssuedCertificate', certificateId: 'c0', issuedAt: later(RESERVATION_TIMEOUT_MS + 2_000).toISOString() }]);
    expect(tally).toBe(51);
  });

  it('a lapse and a late issuance never exceed the allowance: the late confirmation is refused, so nothing is signed', () => {
    const late = later(RESERVATION_TIMEOUT_MS + 2_000);
    const { errors, tally, events } = run([started], [...lapsedThenFilled(), confirmCmd('c0', late)]);
    expect(errors).toEqual(['RESERVATION_LAPSED']);
    expect(tally).toBe(50);
    expect(events.filter((e) => e.type === 'AllowanceReleased')).toEqual([
      { type: 'AllowanceReleased', data: expect.objectContaining({ certificateId: 'c0', reason: 'expired' }) },
    ]);
  });

  it('a reservation past its 10 minutes is released by the confirmation itself (no scheduler tick needed) and refused', () => {
    const result = spec.given([started, reserved('c1')]).when(confirmCmd('c1', later(RESERVATION_TIMEOUT_MS)));
    expect(result.error?.code).toBe('RESERVATION_LAPSED');
    // A refused command records nothing: the expiry is recorded by the scheduler's catch-up or the next command.
    expect(result.events).toBeUndefined();
  });

  it('confirms a live reservation: counted at once, at the certificate instant, the reservation closed', () => {
    const at = later(60_000);
    const { events } = spec.given([started, reserved('c1')]).when(confirmCmd('c1', at));
    expect(events).toEqual([counted('c1', at)]);
    const after = spec.given([started, reserved('c1'), ...events!]).state;
    expect(after.status === 'active' && [after.reservations, tallyOf(after)]).toEqual([{}, 1]);
  });

  it('a confirmation after a release is refused', () => {
    const released: SubscriptionEvent = {
      type: 'AllowanceReleased',
      data: { certificateId: 'c1', termStart: '2026-11-01', releasedAt: T0.toISOString(), reason: 'failed' },
    };
    expect(spec.given([started, reserved('c1'), released]).when(confirmCmd('c1')).error?.code).toBe('RESERVATION_LAPSED');
  });

  it('a confirmation of a reservation never made is refused, with or without a subscription', () => {
    expect(spec.given([started]).when(confirmCmd('c9')).error?.code).toBe('RESERVATION_LAPSED');
    expect(spec.given([]).when(confirmCmd('c9')).error?.code).toBe('RESERVATION_LAPSED');
  });

  it('a second confirmation is a no-op (an answer lost, a retry)', () => {
    expect(spec.given([started, reserved('c1'), counted('c1')]).when(confirmCmd('c1', later(RESERVATION_TIMEOUT_MS * 2))).events).toEqual([]);
  });

  it('the issued event after a confirmation counts nothing more', () => {
    const given = spec.given([started, reserved('c1'), counted('c1')]);
    expect(given.when({ type: 'CountIssuedCertificate', certificateId: 'c1', issuedAt: T0.toISOString() }).events).toEqual([]);
  });

  it('a confirmed unit whose certificate was never issued is given back once, as not issued (not a refund); its id is spent', () => {
    const given = [started, reserved('c1'), counted('c1')];
    const at = later(5_000);
    const { events } = spec.given(given).when({ type: 'ReleaseAllowance', certificateId: 'c1', at, confirmed: true });
    expect(events).toEqual([
      { type: 'CertificateUncounted', data: { certificateId: 'c1', termStart: '2026-11-01', issuedAt: T0.toISOString(), uncountedAt: at.toISOString() } },
    ]);
    const after = [...given, ...events!];
    const state = spec.given(after).state;
    expect(state.status === 'active' && [tallyOf(state), state.refundCount['2026-11-01'] ?? 0]).toEqual([0, 0]);
    expect(spec.given(after).when({ type: 'ReleaseAllowance', certificateId: 'c1', at, confirmed: true }).events).toEqual([]);
    expect(spec.given(after).when({ type: 'ReserveAllowance', certificateId: 'c1', at }).error?.code).toBe('CERTIFICATE_ID_SPENT');
    expect(spec.given(after).when(confirmCmd('c1', at)).error?.code).toBe('CERTIFICATE_ID_SPENT');
  });

  it('a release without `confirmed` never un-counts an issued certificate', () => {
    expect(spec.given([started, reserved('c1'), counted('c1')]).when({ type: 'ReleaseAllowance', certificateId: 'c1', at: T0 }).events).toEqual([]);
  });

  it('a release with `confirmed` of a reservation not yet confirmed releases it', () => {
    const { events } = spec.given([started, reserved('c1')]).when({ type: 'ReleaseAllowance', certificateId: 'c1', at: T0, confirmed: true });
    expect(events?.map((e) => e.type)).toEqual(['AllowanceReleased']);
  });
});
