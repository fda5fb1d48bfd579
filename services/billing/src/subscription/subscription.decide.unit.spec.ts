import { deciderSpec } from '@platform/testing';
import type { SubscriptionEvent } from './subscription.events';
import { subscriptionDecider } from './subscription.decider';
import { addOneYear } from './subscription.decide';

const spec = deciderSpec(subscriptionDecider);
const started = (allowance = 2): SubscriptionEvent => ({
  type: 'SubscriptionStarted',
  data: {
    organisationId: 'org-1',
    usageClass: 'A',
    allowance,
    member: true,
    pricePence: 50_000,
    termStart: '2026-11-01',
    termEnd: '2027-11-01',
  },
});
const reserved = (certificateId: string): SubscriptionEvent => ({
  type: 'AllowanceReserved',
  data: { certificateId, termStart: '2026-11-01', reservedAt: '2026-11-26T11:55:00.000Z' },
});
const counted = (certificateId: string, issuedAt = '2026-11-26T10:00:00.000Z'): SubscriptionEvent => ({
  type: 'CertificateCounted',
  data: { certificateId, termStart: '2026-11-01', issuedAt },
});
const at = new Date('2026-11-26T12:00:00.000Z');

describe('subscription decider', () => {
  it('starts a one-year term and invoices it at the non-member price, waiting for a PO when none is given', () => {
    const { events } = spec
      .given([])
      .when({ type: 'StartSubscription', organisationId: 'org-1', usageClass: 'B', member: false, startsOn: '2026-11-01', at });
    expect(events).toEqual([
      {
        type: 'SubscriptionStarted',
        data: expect.objectContaining({ allowance: 100, pricePence: 135_000, termStart: '2026-11-01', termEnd: '2027-11-01' }),
      },
      {
        type: 'InvoiceRaised',
        data: {
          invoiceNumber: 'INV-ORG1-0001',
          organisationId: 'org-1',
          termStart: '2026-11-01',
          reason: 'first-term',
          lines: [{ description: 'First term: Usage class B (100 certificates), term 2026-11-01 to 2027-11-01', amountPence: 135_000 }],
          totalPence: 135_000,
          status: 'awaiting-po',
          raisedAt: at.toISOString(),
        },
      },
    ]);
  });

  it('invoices the first term at the member price, issued at once with the PO number given', () => {
    const { events } = spec
      .given([])
      .when({ type: 'StartSubscription', organisationId: 'org-1', usageClass: 'B', member: true, startsOn: '2026-11-01', poNumber: 'PO-7', at });
    expect(events?.[1]).toMatchObject({ type: 'InvoiceRaised', data: { reason: 'first-term', totalPence: 90_000, poNumber: 'PO-7', status: 'issued' } });
    const state = spec.given(events!).state;
    expect(state).toMatchObject({ invoiceCount: 1, invoices: { 'INV-ORG1-0001': { status: 'issued', poNumber: 'PO-7' } } });
  });

  it('a PO number without an invoice number settles the first term\'s invoice waiting for one', () => {
    const started = spec.given([]).when({ type: 'StartSubscription', organisationId: 'org-1', usageClass: 'A', member: true, startsOn: '2026-11-01', at }).events!;
    const { events } = spec.given(started).when({ type: 'ProvidePurchaseOrder', poNumber: 'PO-8', at, by: 'rao-1' });
    expect(events).toEqual([
      { type: 'PurchaseOrderReceived', data: { invoiceNumber: 'INV-ORG1-0001', poNumber: 'PO-8', termStart: '2026-11-01', receivedBy: 'rao-1', receivedAt: at.toISOString() } },
    ]);
    expect(spec.given([...started, ...events!]).when({ type: 'ProvidePurchaseOrder', poNumber: 'PO-9', at, by: 'rao-1' }).error?.code).toBe('NO_INVOICE_AWAITING_PO');
  });

  it('refuses a second subscription', () => {
    const result = spec
      .given([started()])
      .when({ type: 'StartSubscription', organisationId: 'org-1', usageClass: 'A', member: true, startsOn: '2026-11-01', at });
    expect(result.error?.code).toBe('SUBSCRIPTION_EXISTS');
  });

  it('a term started on 29 February ends on 1 March a year later', () => {
    expect(addOneYear('2028-02-29')).toBe('2029-03-01');
  });

  it('reserves while allowance is left, counting in-flight reservations', () => {
    expect(spec.given([started(2)]).when({ type: 'ReserveAllowance', certificateId: 'c1', at }).events).toEqual([
      reserved('c1'),
    ].map((e) => ({ ...e, data: { ...e.data, reservedAt: at.toISOString() } })));
    const result = spec.given([started(2), reserved('c1'), counted('c1'), reserved('c2')]).when({
      type: 'ReserveAllowance',
      certificateId: 'c3',
      at,
    });
    expect(result.error?.code).toBe('ALLOWANCE_EXHAUSTED');
  });

  it('reserving twice for one certificate is a no-op', () => {
    expect(spec.given([started(), reserved('c1')]).when({ type: 'ReserveAllowance', certificateId: 'c1', at }).events).toEqual([]);
  });

  it('refuses without a subscription or before the term', () => {
    expect(spec.given([]).when({ type: 'ReserveAllowance', certificateId: 'c1', at }).error?.code).toBe('NO_SUBSCRIPTION');
    expect(
      spec.given([started()]).when({ type: 'ReserveAllowance', certificateId: 'c1', at: new Date('2026-10-31T23:59:59Z') })
        .error?.code,
    ).toBe('SUBSCRIPTION_NOT_IN_TERM');
  });

  it('a reservation after the term end records the automatic renewal first, then reserves in the new term', () => {
    const { events } = spec.given([started()]).when({ type: 'ReserveAllowance', certificateId: 'c1', at: new Date('2027-11-01T00:00:00Z') });
    expect(events?.map((e) => e.type)).toEqual(['SubscriptionRenewed', 'InvoiceRaised', 'TermStarted', 'AllowanceReserved']);
    expect(events?.[3].data).toMatchObject({ termStart: '2027-11-01' });
  });

  it('counts an issued certificate once, however often the event is delivered', () => {
    const given = spec.given([started(), reserved('c1'), counted('c1')]);
    expect(given.when({ type: 'CountIssuedCertificate', certificateId: 'c1', issuedAt: '2026-11-26T10:00:00.000Z' }).events).toEqual([]);
    expect(given.state.status === 'active' && given.state.tally['2026-11-01']).toBe(1);
  });

  it('gives the unit back when revoked within 336 hours, once', () => {
    const issuedAt = '2026-11-26T10:00:00.000Z';
    const within = new Date(Date.parse(issuedAt) + 336 * 3_600_000).toISOString();
    const given = spec.given([started(), reserved('c1'), counted('c1', issuedAt)]);
    const { events } = given.when({ type: 'RefundRevokedCertificate', certificateId: 'c1', issuedAt, revokedAt: within });
    expect(events).toEqual([
      {
        type: 'CertificateRefunded',
        data: { certificateId: 'c1', termStart: '2026-11-01', issuedAt, revokedAt: within, hoursSinceIssuance: 336 },
      },
    ]);
    const after = spec.given([started(), reserved('c1'), counted('c1', issuedAt), ...events!]);
    expect(after.when({ type: 'RefundRevokedCertificate', certificateId: 'c1', issuedAt, revokedAt: within }).events).toEqual([]);
    expect(after.state.status === 'active' && after.state.tally['2026-11-01']).toBe(0);
  });

  it('still counts a certificate revoked after 336 hours', () => {
    const issuedAt = '2026-11-26T10:00:00.000Z';
    const late = new Date(Date.parse(issuedAt) + 336 * 3_600_000 + 1000).toISOString();
    expect(
      spec
        .given([started(), reserved('c1'), counted('c1', issuedAt)])
        .when({ type: 'RefundRevokedCertificate', certificateId: 'c1', issuedAt, revokedAt: late }).events,
    ).toEqual([]);
  });

  it('releases a reservation of a failed issuance', () => {
    const given = spec.given([started(1), reserved('c1')]);
    const { events } = given.when({ type: 'ReleaseAllowance', certificateId: 'c1', at });
    expect(events?.[0].type).toBe('AllowanceReleased');
    expect(
      spec.given([started(1), reserved('c1'), ...events!]).when({ type: 'ReserveAllowance', certificateId: 'c2', at }).events,
    ).toHaveLength(1);
  });
});
