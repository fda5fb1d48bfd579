import { TestDnsServer } from '@platform/testing';
import { eventually, signIn } from './http-client';
import { type DistributedPlatform, startDistributedPlatform } from './distributed-platform';
import { scrape, valueOf } from './prometheus';
import { type PlatformUnderTest, skeletonScenario } from './skeleton.scenario';

/** The walking skeleton with each service its own OS process, over NATS (JetStream) and PostgreSQL. */
describe('walking skeleton, distributed (a process per service, NATS, PostgreSQL)', () => {
  const adminEmail = 'operator@example.ac.uk';
  const adminPassword = 'operator password for tests';
  let platform: DistributedPlatform;
  let dns: TestDnsServer;

  beforeAll(async () => {
    dns = await TestDnsServer.start();
    platform = await startDistributedPlatform({ PORTAL_ADMIN_EMAIL: adminEmail, PORTAL_ADMIN_PASSWORD: adminPassword, DNS_RESOLVER: dns.address });
    // identity bootstraps the operator once it is up; the gateway may be ready before that.
    await eventually(() => signIn(platform.url, adminEmail, adminPassword).then((t) => t, () => undefined), 60_000);
  }, 150_000);

  afterAll(async () => {
    await platform?.stop();
    await dns?.close();
  });

  it('runs every service as its own process', () => {
    expect([...platform.processes.keys()].sort()).toEqual(['acme', 'billing', 'gateway', 'identity', 'issuance', 'notifications', 'validation']);
    expect(new Set([...platform.processes.values()].map((p) => p.pid)).size).toBe(7);
  });

  const underTest = (): PlatformUnderTest => ({ url: platform.url, adminEmail, adminPassword, dns });
  skeletonScenario(underTest);

  it('8. every process is ready and its /metrics (read with a Prometheus text-format parser) counts what the scenario did', async () => {
    const scraped = new Map<string, Awaited<ReturnType<typeof scrape>>>();
    for (const [service, url] of platform.metricsUrls) {
      expect([service, (await fetch(`${url}/readyz`)).status]).toEqual([service, 200]);
      scraped.set(service, await scrape(url));
    }
    const of = (service: string, name: string, labels: Record<string, string> = {}) => valueOf(scraped.get(service)!, name, labels);
    // Two certificates issued (RSA and ECDSA), one revoked; the gateway asks issuance with the request contract's v2 (issued or held).
    expect(of('issuance', 'certificates_issued_total', { type: 'ov-ssl', method: 'manual' })).toBe(2);
    expect(of('issuance', 'certificates_revoked_total')).toBe(1);
    expect(of('gateway', 'http_requests_total', { method: 'POST', route: '/api/v1/certificates', status: '201' })).toBe(2);
    expect(of('gateway', 'bus_requests_total', { subject: 'issuance.cmd.request-certificate.v2', outcome: 'ok' })).toBe(2);
    expect(of('billing', 'bus_handled_total', { subject: 'billing.cmd.reserve-allowance.v1', outcome: 'ok' })).toBe(2);
    expect(of('billing', 'event_store_appends_total', { service: 'billing', outcome: 'ok' })).toBeGreaterThan(0);
    expect(of('notifications', 'bus_events_consumed_total', { outcome: 'ok' })).toBeGreaterThan(0);
    expect(of('identity', 'events_appended_total', { service: 'identity', type: 'OrganisationCreated' })).toBe(1);
    // Each process reports the gauges of the services it runs, and only those.
    const families = (service: string) => [...scraped.get(service)!.keys()];
    expect(families('billing')).toContain('billing_reservations_in_flight');
    expect(families('notifications')).toEqual(expect.arrayContaining(['notifications_outbox_depth', 'notifications_mail_failures_total']));
    expect(families('gateway')).not.toContain('billing_reservations_in_flight');
    expect(families('gateway')).not.toContain('notifications_outbox_depth');
    expect(scraped.get('issuance')!.get('relay_lag_positions')?.metrics.map((m) => m.labels?.relay)).toEqual(['issuance']);
    for (const service of platform.metricsUrls.keys()) expect([service, scraped.get(service)!.has('process_cpu_seconds_total')]).toEqual([service, true]);
  });
});
