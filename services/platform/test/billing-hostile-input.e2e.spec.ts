import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { BILLING_STORE } from '@platform/billing';
import { Billing } from '@platform/contracts';
import type { EventStore } from '@platform/event-store';
import { ManualClock } from '@platform/kernel';
import { MESSAGE_BUS, type MessageBus, sendRequest } from '@platform/messaging';
import { type PlatformHandle, startPlatform } from '../src/platform';
import { RawAcmeClient } from './acme-raw-client';
import { type OrganisationUnderTest, organisationWithSubscription } from './billing.fixtures';
import { hostileStringsScenario } from './hostile-strings.scenario';
import { client, eventually } from './http-client';

/**
 * Issue 18, defect 1: one bad string stopped billing for everyone. A NUL or a lone surrogate is
 * refused at the edge and stores nothing; an event the invoices projection cannot apply (one
 * organisation's) is parked, and everyone else's invoices, subscriptions and scheduled duties go on.
 */
describe('billing against hostile input (single process, manual clock)', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'billing-hostile-'));
  const operator = { email: 'operator@example.ac.uk', password: 'operator password for tests' };
  const clock = new ManualClock(new Date('2027-07-01T09:00:00Z'));
  let platform: PlatformHandle;
  let org: OrganisationUnderTest;
  const api = (token?: string) => client(platform.url!, token);

  beforeAll(async () => {
    platform = await startPlatform(
      {
        DATA_DIR: dataDir,
        PORT: '0',
        LOG_LEVEL: 'error',
        PORTAL_ADMIN_EMAIL: operator.email,
        PORTAL_ADMIN_PASSWORD: operator.password,
        BILLING_SCHEDULER_INTERVAL_MS: '100',
      },
      { clock },
    );
    org = await organisationWithSubscription(platform.url!, operator, { usageClass: 'A', startsOn: '2026-11-01', validate: false });
  });

  afterAll(async () => {
    await platform?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  hostileStringsScenario(() => ({ url: platform.url!, operator }));

  it('an ACME payload string with a NUL or a lone surrogate is malformed, and no order is made', async () => {
    const raw = await RawAcmeClient.create(platform.url!);
    const binding = await api(org.raos[0].token).post('/api/v1/acme/bindings', { organisationId: org.orgId });
    expect((await raw.register(binding.body)).status).toBe(201);
    for (const value of ['a\u0000.example.ac.uk', 'a\uDC00.example.ac.uk']) {
      const reply = await raw.post(`${raw.base}/new-order`, { identifiers: [{ type: 'dns', value }] });
      expect(reply).toMatchObject({ status: 400, body: { type: 'urn:ietf:params:acme:error:malformed' } });
      expect(reply.body.detail).toContain('identifiers[0].value');
    }
    const contact = await raw.post(raw.kid!, { contact: ['mailto:it\u0000@example.ac.uk'] });
    expect(contact).toMatchObject({ status: 400, body: { type: 'urn:ietf:params:acme:error:malformed' } });
    expect(contact.body.detail).toContain('contact[0]');
    const account = await raw.post(raw.kid!, undefined);
    expect(account.body.contact ?? []).toEqual([]);
    expect((await raw.post(account.body.orders, undefined)).body.orders).toEqual([]);
  });

  it("an event the invoices projection cannot apply (one organisation's) is parked: other invoices, subscriptions and the scheduler go on", async () => {
    // An old event as no current code writes it: an invoice without its total, which the invoices table refuses.
    const store = platform.app.get<EventStore>(BILLING_STORE, { strict: false });
    const broken = randomUUID();
    await store.appendToStream(`subscription-${broken}`, [
      {
        type: 'InvoiceRaised',
        data: { invoiceNumber: 'INV-BROKEN', organisationId: broken, termStart: '2027-01-01', reason: 'renewal', lines: [], status: 'issued', raisedAt: '2027-01-01T00:00:00Z' },
        metadata: { correlationId: 'test', occurredAt: '2027-01-01T00:00:00Z' },
      },
    ], 'no_stream');

    // The subscription index does not read invoices: listings and the scheduler answer at once.
    const listed = await api(org.mrao).get('/api/v1/billing/subscriptions');
    expect(listed.status).toBe(200);
    const bus = platform.app.get<MessageBus>(MESSAGE_BUS);
    await sendRequest(bus, Billing.ReserveAllowance, { organisationId: org.orgId, certificateId: randomUUID() });

    // Another organisation whose term ended in May without a PO: renewed automatically (an invoice),
    // then suspended a month later, both by the scheduler, after the broken event.
    const lapsed = await organisationWithSubscription(platform.url!, operator, { usageClass: 'A', startsOn: '2026-05-15', validate: false });
    const status = async () => (await api(lapsed.mrao).get(`/api/v1/organisations/${lapsed.orgId}/subscription`)).body.status;
    expect(await eventually(async () => ((await status()) === 'suspended' ? 'suspended' : undefined), 15_000)).toBe('suspended');

    // The stale reservation is released ten minutes later.
    clock.advance(10 * 60_000);
    await org.signInAgain();
    const view = async () => (await api(org.mrao).get(`/api/v1/organisations/${org.orgId}/subscription`)).body;
    expect(await eventually(async () => ((await view()).inFlight === 0 ? await view() : undefined), 15_000)).toMatchObject({ inFlight: 0 });

    // The invoices projection parked the broken event and went on: the lapsed organisation's invoice is listed.
    const invoices = await eventually(async () => {
      const reply = await api(lapsed.mrao).get(`/api/v1/invoices?organisationId=${lapsed.orgId}`);
      return reply.status === 200 && reply.body.items.some((i: { reason: string }) => i.reason === 'auto-renewal') ? reply.body : undefined;
    }, 15_000);
    expect(invoices.items).toEqual([
      expect.objectContaining({ organisationId: lapsed.orgId, reason: 'first-term' }),
      expect.objectContaining({ organisationId: lapsed.orgId, reason: 'auto-renewal' }),
    ]);
    const all = await api(org.mrao).get('/api/v1/invoices');
    expect(all.status).toBe(200);
    expect(all.body.items.map((i: { organisationId: string }) => i.organisationId)).not.toContain(broken);
  });
});
