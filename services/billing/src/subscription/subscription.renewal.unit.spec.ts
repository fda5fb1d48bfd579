import { deciderSpec } from '@platform/testing';
import { subscriptionDecider } from './subscription.decider';
import type { SubscriptionEvent } from './subscription.events';
import { nextDueAt } from './subscription.schedule';

const spec = deciderSpec(subscriptionDecider);
const started: SubscriptionEvent = subscriptionDecider.decide(
  { type: 'StartSubscription', organisationId: 'org-1', usageClass: 'A', member: true, startsOn: '2026-11-01', at: new Date('2026-11-01T00:00:00Z') },
  { status: 'none' },
)[0];
const catchUp = (at: string) => ({ type: 'CatchUp' as const, at: new Date(at), renewalToken: 'org-1.token-1' });
/** Applies the command to the history and returns the longer history. */
const then = (history: SubscriptionEvent[], command: Parameters<typeof subscriptionDecider.decide>[0]) => {
  const { events, error } = spec.given(history).when(command);
  if (error) throw error as Error;
  return [...history, ...events];
};

describe('subscription decider: reminder, renewal, automatic renewal, suspension', () => {
  it('sends the reminder three calendar months before the term end, once', () => {
    expect(spec.given([started]).when(catchUp('2027-07-31T23:59:59Z')).events).toEqual([]);
    const reminded = then([started], catchUp('2027-08-01T00:00:00Z'));
    expect(reminded.at(-1)).toEqual({
      type: 'RenewalReminderSent',
      data: { termStart: '2026-11-01', termEnd: '2027-11-01', renewalToken: 'org-1.token-1', sentAt: '2027-08-01T00:00:00.000Z' },
    });
    expect(spec.given(reminded).when(catchUp('2027-08-02T00:00:00Z')).events).toEqual([]);
  });

  it('renewing through the link starts the next term at the end of this one with an invoice; the second use changes nothing', () => {
    const reminded = then([started], catchUp('2027-08-01T00:00:00Z'));
    const renew = { type: 'RenewSubscription' as const, usageClass: 'B' as const, member: true, poNumber: 'PO-1', by: 'rao-1', byEmail: 'a@x', renewalLink: 'org-1.token-1' };
    const renewed = then(reminded, { ...renew, at: new Date('2027-08-03T10:00:00Z') });
    expect(renewed.slice(-2)).toEqual([
      { type: 'SubscriptionRenewed', data: expect.objectContaining({ termStart: '2027-11-01', termEnd: '2028-11-01', usageClass: 'B', renewedBy: 'rao-1', poNumber: 'PO-1', automatic: false }) },
      { type: 'InvoiceRaised', data: expect.objectContaining({ reason: 'renewal', poNumber: 'PO-1', totalPence: 90_000, termStart: '2027-11-01' }) },
    ]);
    expect(spec.given(renewed).when({ ...renew, by: 'rao-2', at: new Date('2027-08-04T10:00:00Z') }).events).toEqual([]);
    expect(spec.given(renewed).when({ ...renew, renewalLink: 'org-1.forged', at: new Date('2027-08-04T10:00:00Z') }).error?.code).toBe(
      'RENEWAL_LINK_INVALID',
    );
    // At the term end the renewed term starts with its own class; nothing is due again.
    const rolled = then(renewed, catchUp('2027-11-01T00:00:00Z'));
    expect(rolled.at(-1)).toMatchObject({ type: 'TermStarted', data: { termStart: '2027-11-01', usageClass: 'B', allowance: 100 } });
    expect(spec.given(rolled).when(catchUp('2027-11-01T00:00:01Z')).events).toEqual([]);
  });

  it('renews automatically at the term end, suspends a calendar month later without a PO, and a PO reinstates', () => {
    const auto = then([started], catchUp('2027-11-01T00:00:00Z'));
    expect(auto.slice(1).map((e) => e.type)).toEqual(['SubscriptionRenewed', 'InvoiceRaised', 'TermStarted']);
    expect(auto[1].data).toMatchObject({ automatic: true, poDueBy: '2027-12-01', renewedBy: 'system:billing' });
    expect(auto[2].data).toMatchObject({ status: 'awaiting-po', reason: 'auto-renewal', totalPence: 50_000 });
    expect(spec.given(auto).when(catchUp('2027-11-30T23:59:59Z')).events).toEqual([]);

    const suspended = then(auto, catchUp('2027-12-01T00:00:00Z'));
    expect(suspended.at(-1)).toMatchObject({ type: 'SubscriptionSuspended', data: { invoiceNumber: 'INV-ORG1-0001' } });
    expect(spec.given(suspended).when(catchUp('2027-12-02T00:00:00Z')).events).toEqual([]);
    const refused = spec.given(suspended).when({ type: 'ReserveAllowance', certificateId: 'c1', at: new Date('2027-12-02T00:00:00Z') });
    expect(refused.error?.code).toBe('SUBSCRIPTION_SUSPENDED');

    const reinstated = then(suspended, { type: 'ProvidePurchaseOrder', poNumber: 'PO-9', at: new Date('2027-12-05T00:00:00Z'), by: 'rao-1' });
    expect(reinstated.slice(-2).map((e) => e.type)).toEqual(['PurchaseOrderReceived', 'SubscriptionReinstated']);
    expect(spec.given(reinstated).when({ type: 'ReserveAllowance', certificateId: 'c1', at: new Date('2027-12-05T00:00:00Z') }).events).toHaveLength(1);
    expect(spec.given(reinstated).when(catchUp('2028-01-05T00:00:00Z')).events).toEqual([]);
  });

  it('an automatic renewal after a member flag change is priced with the new flag; the same flag again records nothing', () => {
    const change = { type: 'ChangeMemberFlag' as const, member: false, at: new Date('2027-03-01T10:00:00Z') };
    const changed = then([started], change);
    expect(changed.at(-1)).toEqual({ type: 'MemberFlagChanged', data: { member: false, changedAt: '2027-03-01T10:00:00.000Z' } });
    expect(spec.given(changed).when({ ...change, at: new Date('2027-03-02T10:00:00Z') }).events).toEqual([]);
    const auto = then(changed, catchUp('2027-11-01T00:00:00Z'));
    expect(auto.find((e) => e.type === 'InvoiceRaised')?.data).toMatchObject({ reason: 'auto-renewal', totalPence: 75_000 });
    expect(spec.given([]).when(change).events).toEqual([]); // no subscription yet: its start asks identity
  });

  it('a PO before the deadline prevents the suspension', () => {
    const auto = then([started], catchUp('2027-11-01T00:00:00Z'));
    const settled = then(auto, { type: 'ProvidePurchaseOrder', poNumber: 'PO-2', at: new Date('2027-11-10T00:00:00Z'), by: 'rao-1' });
    expect(spec.given(settled).when(catchUp('2027-12-02T00:00:00Z')).events).toEqual([]);
  });

  it('releases a reservation that was neither confirmed nor released after ten minutes', () => {
    const reserved = then([started], { type: 'ReserveAllowance', certificateId: 'c1', at: new Date('2026-11-26T10:00:00Z') });
    expect(nextDueAt(spec.given(reserved).state)?.toISOString()).toBe('2026-11-26T10:10:00.000Z');
    expect(spec.given(reserved).when(catchUp('2026-11-26T10:09:59Z')).events).toEqual([]);
    expect(spec.given(reserved).when(catchUp('2026-11-26T10:10:00Z')).events).toEqual([
      { type: 'AllowanceReleased', data: { certificateId: 'c1', termStart: '2026-11-01', releasedAt: '2026-11-26T10:10:00.000Z', reason: 'expired' } },
    ]);
  });

  it('the due date follows the state: reminder, then term end, then PO deadline', () => {
    expect(nextDueAt(spec.given([started]).state)?.toISOString()).toBe('2027-08-01T00:00:00.000Z');
    const reminded = then([started], catchUp('2027-08-01T00:00:00Z'));
    expect(nextDueAt(spec.given(reminded).state)?.toISOString()).toBe('2027-11-01T00:00:00.000Z');
    const auto = then(reminded, catchUp('2027-11-01T00:00:00Z'));
    expect(nextDueAt(spec.given(auto).state)?.toISOString()).toBe('2027-12-01T00:00:00.000Z');
  });

  it('a reminder link used after the automatic renewal takes the PO for that renewal (and reinstates when suspended)', () => {
    const reminded = then([started], catchUp('2027-08-01T00:00:00Z'));
    const suspended = then(reminded, catchUp('2027-12-01T00:00:00Z'));
    expect(suspended.at(-1)?.type).toBe('SubscriptionSuspended');
    const late = { type: 'RenewSubscription' as const, member: true, poNumber: 'PO-LATE', by: 'rao-2', renewalLink: 'org-1.token-1', at: new Date('2027-12-03T00:00:00Z') };
    const { events } = spec.given(suspended).when(late);
    expect(events?.map((e) => e.type)).toEqual(['PurchaseOrderReceived', 'SubscriptionReinstated']);
    expect(events?.[0].data).toMatchObject({ invoiceNumber: 'INV-ORG1-0001', poNumber: 'PO-LATE' });
    // Used once more: nothing changes, and no second invoice.
    expect(spec.given([...suspended, ...events!]).when({ ...late, poNumber: 'PO-LATER' }).events).toEqual([]);
  });

  it('renewing while suspended for the current term is refused until the PO arrives', () => {
    const suspended = then([started], catchUp('2027-12-01T00:00:00Z'));
    const refused = spec.given(suspended).when({ type: 'RenewSubscription', member: true, poNumber: 'PO-3', by: 'rao-1', at: new Date('2027-12-02T00:00:00Z') });
    expect(refused.error).toMatchObject({ code: 'SUBSCRIPTION_SUSPENDED', message: expect.stringContaining('INV-ORG1-0001') });
  });
});

