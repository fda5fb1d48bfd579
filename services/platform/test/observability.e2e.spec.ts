import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Billing } from '@platform/contracts';
import { MESSAGE_BUS, type MessageBus, sendRequest } from '@platform/messaging';
import { TestDnsServer, eventually } from '@platform/testing';
import { type PlatformHandle, startPlatform } from '../src/platform';
import { type OrganisationUnderTest, organisationWithSubscription } from './billing.fixtures';
import { client } from './http-client';
import { makeCsr } from './openssl';
import { scrape, valueOf } from './prometheus';

/** /metrics (on the gateway's port and on METRICS_PORT), /livez and /readyz of the single process. */
describe('metrics and probes (single process)', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'observability-e2e-'));
  const operator = { email: 'operator@example.ac.uk', password: 'operator password for tests' };
  let platform: PlatformHandle;
  let dns: TestDnsServer;
  let org: OrganisationUnderTest;

  beforeAll(async () => {
    dns = await TestDnsServer.start();
    platform = await startPlatform({
      DNS_RESOLVER: dns.address,
      DATA_DIR: dataDir,
      PORT: '0',
      METRICS_PORT: '0',
      LOG_LEVEL: 'warn',
      PORTAL_ADMIN_EMAIL: operator.email,
      PORTAL_ADMIN_PASSWORD: operator.password,
    });
    org = await organisationWithSubscription(platform.url!, operator, { usageClass: 'A' });
  }, 60_000);

  afterAll(async () => {
    await platform?.close();
    await dns?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('counts an issued certificate, its HTTP request by route template, the bus requests behind it and the appends', async () => {
    const before = await scrape(platform.url!);
    const csr = makeCsr({ names: ['www.example.ac.uk'], key: 'p256' });
    const issued = await client(platform.url!, org.raos[0].token).post('/api/v1/certificates', { organisationId: org.orgId, csr });
    expect(issued.status).toBe(201);
    await client(platform.url!, org.raos[0].token).get(`/api/v1/certificates/${issued.body.id}`);
    const after = await scrape(platform.url!);

    const delta = (name: string, labels: Record<string, string>) => valueOf(after, name, labels) - valueOf(before, name, labels);
    expect(delta('certificates_issued_total', { type: 'ov-ssl', method: 'manual' })).toBe(1);
    expect(delta('http_requests_total', { method: 'POST', route: '/api/v1/certificates', status: '201' })).toBe(1);
    // The route template, never the id: the label set stays bounded.
    expect(delta('http_requests_total', { method: 'GET', route: '/api/v1/certificates/:certificateId', status: '200' })).toBe(1);
    expect(delta('bus_handled_total', { subject: 'billing.cmd.reserve-allowance.v1', outcome: 'ok' })).toBe(1);
    expect(delta('events_appended_total', { service: 'issuance', type: 'CertificateIssued' })).toBe(1);
    expect(valueOf(after, 'event_store_appends_total', { service: 'billing', outcome: 'ok' })).toBeGreaterThan(0);
    expect(after.get('projection_lag_positions')?.metrics.map((m) => m.labels?.projection)).toEqual(expect.arrayContaining(['certificate-listing']));
    expect(after.get('process_resident_memory_bytes')).toBeDefined();
  });

  it('names a refusal by its stable code in the bus outcome', async () => {
    const before = await scrape(platform.url!);
    const csr = makeCsr({ names: ['www.not-validated.example.org'], key: 'p256' });
    const refused = await client(platform.url!, org.raos[0].token).post('/api/v1/certificates', { organisationId: org.orgId, csr });
    expect(refused.status).toBe(422);
    const after = await scrape(platform.url!);
    const labels = { subject: 'issuance.cmd.request-certificate.v2', outcome: refused.body.code };
    expect(valueOf(after, 'bus_handled_total', labels) - valueOf(before, 'bus_handled_total', labels)).toBe(1);
    expect(valueOf(after, 'http_requests_total', { route: '/api/v1/certificates', status: '422' })).toBeGreaterThanOrEqual(1);
  });

  it('reads reservations in flight, the outbox depth, mail failures and relay lag at scrape time', async () => {
    const gauge = async (name: string, labels: Record<string, string> = {}) => valueOf(await scrape(platform.url!), name, labels);
    const before = await scrape(platform.url!);
    // No SMTP_URL: nothing is sent, so every queued mail stays in the depth, and no attempt fails.
    expect(before.get('notifications_mail_failures_total')?.metrics.map((m) => [m.labels?.reason, m.value])).toEqual([['smtp', '0'], ['store', '0']]);
    expect(before.get('relay_lag_positions')?.metrics.map((m) => m.labels?.relay).sort()).toEqual(['billing', 'identity', 'issuance', 'validation']);
    const inFlight = valueOf(before, 'billing_reservations_in_flight');

    // A unit reserved and not yet confirmed is in flight until released.
    const bus = platform.app.get<MessageBus>(MESSAGE_BUS);
    const reservation = { organisationId: org.orgId, certificateId: randomUUID() };
    await sendRequest(bus, Billing.ReserveAllowance, reservation);
    await eventually(async () => ((await gauge('billing_reservations_in_flight')) === inFlight + 1 ? true : undefined), 10_000, 'the reservation in flight');
    await sendRequest(bus, Billing.ReleaseAllowance, reservation);
    await eventually(async () => ((await gauge('billing_reservations_in_flight')) === inFlight ? true : undefined), 10_000, 'the reservation released');

    // An issuance reserves and confirms its unit (none left in flight), and queues its e-mail.
    const depth = valueOf(before, 'notifications_outbox_depth');
    const csr = makeCsr({ names: ['mail.example.ac.uk'], key: 'p256' });
    expect((await client(platform.url!, org.raos[0].token).post('/api/v1/certificates', { organisationId: org.orgId, csr })).status).toBe(201);
    await eventually(async () => ((await gauge('notifications_outbox_depth')) > depth ? true : undefined), 10_000, 'the issued mail queued');
    await eventually(async () => ((await gauge('billing_reservations_in_flight')) === 0 ? true : undefined), 10_000, 'no reservation in flight');
    // Every relay catches up with its store.
    await eventually(async () => ((await scrape(platform.url!)).get('relay_lag_positions')?.metrics.every((m) => m.value === '0') ? true : undefined), 10_000, 'relays caught up');
  });

  it('answers /livez, /readyz (with what it checked) and /metrics on METRICS_PORT', async () => {
    const live = await fetch(`${platform.metricsUrl}/livez`);
    expect(live.status).toBe(200);
    const ready = await fetch(`${platform.metricsUrl}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ status: 'ok', checks: { bus: true, handlers: true, readModels: true } });
    expect(valueOf(await scrape(platform.metricsUrl!), 'certificates_issued_total')).toBeGreaterThanOrEqual(1);
    expect((await fetch(`${platform.metricsUrl}/anything`)).status).toBe(404);
  });
});
