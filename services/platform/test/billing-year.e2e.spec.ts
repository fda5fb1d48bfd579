import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ManualClock } from '@platform/kernel';
import { TestDnsServer } from '@platform/testing';
import { type PlatformHandle, startPlatform } from '../src/platform';
import { type OrganisationUnderTest, organisationWithSubscription, validateOrganisation } from './billing.fixtures';
import { client, eventually } from './http-client';
import { makeCsr } from './openssl';

/**
 * One subscription's life with a clock the test moves: reminder, renewal by one RAO, the second RAO
 * told, the next term's lapse, automatic renewal, suspension, a refused request, a PO, reinstatement.
 * The scheduler runs on its own timer (100 ms here) against the injected clock; nothing is triggered
 * by hand. The walk needs the reminder of term 1 (its end − 3 months) up to a month after term 2's end.
 */
describe('billing: a subscription through renewal, automatic renewal and suspension (single process, manual clock)', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'billing-year-'));
  const operator = { email: 'operator@example.ac.uk', password: 'operator password for tests' };
  const clock = new ManualClock(new Date('2027-07-25T09:00:00Z'));
  let platform: PlatformHandle;
  let dns: TestDnsServer;
  let org: OrganisationUnderTest;
  const s: { link?: string; firstCertificate?: string; revoked?: string } = {};
  const api = (token?: string) => client(platform.url!, token);
  const rao = (i: number) => api(org.raos[i].token);
  const moveTo = async (iso: string) => {
    clock.set(new Date(iso));
    await org.signInAgain(); // access tokens expire by the same clock
  };
  const mailsTo = async (email: string, subject: string, count = 1) =>
    eventually(async () => {
      const outbox = await api(org.mrao).get(`/api/v1/notifications/outbox?to=${encodeURIComponent(email)}`);
      const found = outbox.body.filter((m: { subject: string }) => m.subject.includes(subject));
      return found.length >= count ? found : undefined;
    }, 15_000);
  const subscription = async () => (await rao(0).get(`/api/v1/organisations/${org.orgId}/subscription`)).body;

  beforeAll(async () => {
    dns = await TestDnsServer.start();
    platform = await startPlatform(
      {
        DNS_RESOLVER: dns.address,
        DATA_DIR: dataDir,
        PORT: '0',
        LOG_LEVEL: 'warn',
        PORTAL_ADMIN_EMAIL: operator.email,
        PORTAL_ADMIN_PASSWORD: operator.password,
        BILLING_SCHEDULER_INTERVAL_MS: '100',
      },
      { clock },
    );
    // The term started on 1 November 2026 and ends on 1 November 2027.
    org = await organisationWithSubscription(platform.url!, operator, { usageClass: 'A', raoCount: 2, startsOn: '2026-11-01', name: 'University of Walkington' });
    // Two certificates, the second revoked two days later (refunded); each counted before the next step.
    for (const name of ['www', 'test']) {
      const issued = await rao(0).post('/api/v1/certificates', { organisationId: org.orgId, csr: makeCsr({ names: [`${name}.example.ac.uk`], key: 'p256' }) });
      expect(issued.status).toBe(201);
      if (name === 'www') s.firstCertificate = issued.body.id;
      else s.revoked = issued.body.id;
      await eventually(async () => ((await subscription()).inFlight === 0 ? true : undefined));
    }
    await moveTo('2027-07-27T09:00:00Z');
    expect((await rao(0).post(`/api/v1/certificates/${s.revoked}/revoke`, { reason: 'superseded' })).status).toBe(201);
    await eventually(async () => ((await subscription()).tally === 1 ? true : undefined));
  });

  afterAll(async () => {
    await platform?.close();
    await dns?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('1 Aug 2027, three months before the end: every active RAO gets the renewal link', async () => {
    await moveTo('2027-08-01T06:00:00Z');
    const [first] = await mailsTo(org.raos[0].email, 'Renew');
    const [second] = await mailsTo(org.raos[1].email, 'Renew');
    s.link = decodeURIComponent(/\/renewals\/(\S+)/.exec(first.text)![1]);
    expect(second.text).toContain(encodeURIComponent(s.link));
    expect((await rao(1).get(`/api/v1/renewals/${encodeURIComponent(s.link)}`)).body).toMatchObject({ status: 'open', termEnd: '2027-11-01' });
  });

  it('3 Aug: the first RAO renews through the link with a PO (class B); the second is told who and when, no second invoice', async () => {
    await moveTo('2027-08-03T10:00:00Z');
    const renewed = await rao(0).post(`/api/v1/renewals/${encodeURIComponent(s.link!)}`, { poNumber: 'PO-2027-17', usageClass: 'B' });
    expect(renewed).toMatchObject({ status: 201, body: { outcome: 'renewed', termStart: '2027-11-01', termEnd: '2028-11-01', usageClass: 'B' } });

    await moveTo('2027-08-04T11:00:00Z');
    const opened = await rao(1).get(`/api/v1/renewals/${encodeURIComponent(s.link!)}`);
    expect(opened).toMatchObject({ status: 200, body: { status: 'renewed', renewal: { renewedByEmail: org.raos[0].email, renewedAt: '2027-08-03T10:00:00.000Z' } } });
    const again = await rao(1).post(`/api/v1/renewals/${encodeURIComponent(s.link!)}`, { poNumber: 'PO-OTHER' });
    expect(again).toMatchObject({ status: 201, body: { outcome: 'already-renewed', renewedByEmail: org.raos[0].email, message: expect.stringContaining(org.raos[0].email) } });
    const invoices = (await rao(1).get('/api/v1/invoices')).body.items;
    expect(invoices.map((i: { reason: string; poNumber?: string }) => [i.reason, i.poNumber])).toEqual([
      ['first-term', undefined], // raised when the subscription started, without a PO number
      ['renewal', 'PO-2027-17'],
    ]);
  });

  it('1 Nov 2027: the renewed term starts with class B; nothing is invoiced again', async () => {
    await moveTo('2027-11-01T08:00:00Z');
    const now = await eventually(async () => {
      const body = await subscription();
      return body.termStart === '2027-11-01' ? body : undefined;
    });
    expect(now).toMatchObject({ usageClass: 'B', allowance: 100, tally: 0, status: 'active' });
  });

  it('1 Nov 2028: not renewed, so it renews automatically; RAOs and the operator are asked for a PO', async () => {
    await moveTo('2028-08-01T06:00:00Z');
    await mailsTo(org.raos[1].email, 'Renew', 2); // this term's reminder, ignored
    await moveTo('2028-11-01T06:00:00Z');
    const [toRao] = await mailsTo(org.raos[0].email, 'renewed automatically');
    const [toOperator] = await mailsTo(operator.email, 'renewed automatically');
    expect(toRao.text).toContain('by 2028-12-01');
    expect(toOperator.subject).toContain('University of Walkington');
    expect(await subscription()).toMatchObject({ termStart: '2028-11-01', usageClass: 'B', awaitingPo: { dueBy: '2028-12-01' } });
  });

  it('1 Dec 2028: no PO, suspended; every request is refused, existing certificates stay valid; a PO reinstates', async () => {
    await moveTo('2028-12-01T06:00:00Z');
    await mailsTo(org.raos[0].email, 'suspended');
    expect(await subscription()).toMatchObject({ status: 'suspended' });
    const operatorView = async (view: string) =>
      (await api(org.mrao).get(`/api/v1/billing/subscriptions?view=${view}`)).body.items.map((i: { organisationId: string }) => i.organisationId);
    expect(await operatorView('suspended')).toEqual([org.orgId]);
    expect(await operatorView('awaiting-po')).toEqual([org.orgId]);
    expect((await rao(0).get('/api/v1/billing/subscriptions')).status).toBe(403);
    await validateOrganisation(platform.url!, org.mrao, org.orgId); // fresh validation, so only the suspension can refuse
    const csr = makeCsr({ names: ['mail.example.ac.uk'], key: 'p256' });
    const refused = await rao(0).post('/api/v1/certificates', { organisationId: org.orgId, csr });
    expect(refused).toMatchObject({ status: 422, body: { code: 'SUBSCRIPTION_SUSPENDED', detail: expect.stringContaining('purchase order') } });
    expect((await rao(0).get(`/api/v1/certificates/${s.firstCertificate}`)).body).toMatchObject({ status: 'issued' });

    await moveTo('2028-12-02T09:00:00Z');
    const po = await rao(1).post(`/api/v1/organisations/${org.orgId}/subscription/purchase-order`, { poNumber: 'PO-2028-99' });
    expect(po).toMatchObject({ status: 201, body: { status: 'active' } });
    await validateOrganisation(platform.url!, org.mrao, org.orgId);
    const issued = await rao(0).post('/api/v1/certificates', { organisationId: org.orgId, csr });
    expect(issued.status).toBe(201);
    await eventually(async () => ((await subscription()).inFlight === 0 ? true : undefined));
    expect(await operatorView('suspended')).toEqual([]);
    expect(await operatorView('awaiting-po')).toEqual([]);
    expect(await operatorView('all')).toEqual([org.orgId]);
    expect((await api(org.mrao).get('/api/v1/billing/subscriptions?view=renewals-due&withinDays=30')).body.items).toEqual([]);
    expect(await operatorView('renewals-due&withinDays=400')).toEqual([org.orgId]);
  });

  it('finance: usage per term as JSON and CSV, the state as of a date, and a clean reconciliation', async () => {
    const usage = (await rao(1).get(`/api/v1/organisations/${org.orgId}/subscription/usage`)).body;
    expect(usage.terms.map((t: { termStart: string; issued: number; refunded: number; invoicedPence: number }) => [t.termStart, t.issued, t.refunded, t.invoicedPence])).toEqual([
      ['2026-11-01', 2, 1, 50_000], // the first term: class A at the member price
      ['2027-11-01', 0, 0, 90_000],
      ['2028-11-01', 1, 0, 90_000],
    ]);
    expect(usage.terms[0].entries.find((e: { kind: string }) => e.kind === 'refunded')).toMatchObject({ certificateId: s.revoked, daysSinceIssuance: 2 });
    const csv = await rao(1).get(`/api/v1/organisations/${org.orgId}/subscription/usage?format=csv&termStart=2028-11-01`);
    expect(csv.contentType).toContain('text/csv');
    expect((csv.body as string).split('\r\n').filter(Boolean).map((l) => l.split(',')[2])).toEqual(['kind', 'renewal', 'invoice', 'suspended', 'purchase-order', 'reinstated', 'issued']);

    const asOf = async (at: string) => (await rao(1).get(`/api/v1/organisations/${org.orgId}/subscription/as-of?at=${at}`)).body;
    expect(await asOf('2027-10-01T00:00:00Z')).toMatchObject({ usageClass: 'A', termStart: '2026-11-01', tally: 1, refunded: 1, nextTerm: { usageClass: 'B' } });
    expect(await asOf('2028-12-01T12:00:00Z')).toMatchObject({ status: 'suspended', termStart: '2028-11-01', usageClass: 'B' });
    expect((await rao(1).get(`/api/v1/organisations/${org.orgId}/subscription/as-of?at=2020-01-01T00:00:00Z`)).status).toBe(404);

    const reconciliation = await api(org.mrao).get(`/api/v1/billing/reconciliation?organisationId=${org.orgId}`);
    expect(reconciliation.body).toMatchObject({ ok: true, organisations: [{ organisationId: org.orgId, ok: true }] });
    expect(reconciliation.body.organisations[0].terms.map((t: { tally: number; expected: number }) => [t.tally, t.expected])).toEqual([[1, 1], [0, 0], [1, 1]]);
    expect((await rao(0).get('/api/v1/billing/reconciliation')).body.code).toBe('FORBIDDEN');
  });

  it('the subscription history tells the whole story in order', async () => {
    const events = (await rao(0).get(`/api/v1/organisations/${org.orgId}/subscription/events`)).body as { type: string; occurredAt: string; actor?: string; data: Record<string, unknown> }[];
    const list = events.map((e) => `${e.occurredAt.slice(0, 16)} ${e.type} ${e.actor ?? ''}`);
    console.log(`subscription walk (25 Jul 2027 to 2 Dec 2028), events:\n${list.join('\n')}`);
    expect(events.map((e) => e.type)).toEqual([
      'SubscriptionStarted',
      'InvoiceRaised',
      'AllowanceReserved',
      'CertificateCounted',
      'AllowanceReserved',
      'CertificateCounted',
      'CertificateRefunded',
      'RenewalReminderSent',
      'SubscriptionRenewed',
      'InvoiceRaised',
      'TermStarted',
      'RenewalReminderSent',
      'SubscriptionRenewed',
      'InvoiceRaised',
      'TermStarted',
      'SubscriptionSuspended',
      'PurchaseOrderReceived',
      'SubscriptionReinstated',
      'AllowanceReserved',
      'CertificateCounted',
    ]);
  });
});
