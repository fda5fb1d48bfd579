import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TestDnsServer } from '@platform/testing';
import { type OrganisationUnderTest, organisationWithSubscription } from './billing.fixtures';
import { type DistributedPlatform, startDistributedPlatform } from './distributed-platform';
import { client, eventually, signIn } from './http-client';
import { makeCsr } from './openssl';
import { type WebhookReceiver, signatureVerifies, startWebhookReceiver } from './webhook-receiver';

const PUBLIC_URL = 'https://portal.example.ac.uk';

interface Mail {
  to: string;
  subject: string;
  text: string;
  cause: string;
}

/**
 * Issue 12, what certificates tell people and systems, with each service its own OS process (NATS,
 * PostgreSQL) and a real clock, observed only from outside (the REST API, the outbox, a receiver):
 * issued and revoked mails (issuance → notifications → identity for the recipients), the allowance
 * mails at 80 % and 100 % (billing → notifications), and a signed webhook retried after a 500 on a
 * short real-time schedule, listed and replayed.
 *
 * The expiry notices (30, 7 and 1 days before notAfter) stay in `certificate-notices.e2e.spec.ts`:
 * they need a clock the test moves, and a distributed stack has only the system clock; the shortest
 * certificate lives for weeks, and a clock override an environment variable could switch on would be
 * one production could hit too.
 */
describe('certificate e-mails and webhooks (distributed: a process per service, NATS, PostgreSQL)', () => {
  const operator = { email: 'operator@example.ac.uk', password: 'operator password for tests' };
  const dir = mkdtempSync(join(tmpdir(), 'notifications-dist-'));
  let platform: DistributedPlatform;
  let dns: TestDnsServer;
  let hooks: WebhookReceiver;
  let billingOrg: OrganisationUnderTest;

  const url = () => platform.url;
  const mails = async (org: OrganisationUnderTest, to: string, cause: string): Promise<Mail[]> => {
    const reply = await client(url(), org.mrao).get(`/api/v1/notifications/outbox?to=${encodeURIComponent(to)}&limit=1000`);
    if (reply.status !== 200) throw new Error(`outbox: ${reply.status} ${JSON.stringify(reply.body)}`);
    return (reply.body as Mail[]).filter((m) => m.cause === cause);
  };
  const mailsOnceThere = (org: OrganisationUnderTest, to: string, cause: string, count: number) =>
    eventually(async () => {
      const found = await mails(org, to, cause);
      return found.length >= count ? found : undefined;
    }, 20_000, `${count} ${cause} mail(s) to ${to}`);
  const request = async (org: OrganisationUnderTest, host: string) => {
    const reply = await client(url(), org.raos[0].token).post('/api/v1/certificates', { organisationId: org.orgId, csr: makeCsr({ names: [`${host}.example.ac.uk`], key: 'p256' }) });
    if (reply.status !== 201) throw new Error(`certificate ${host}: ${reply.status} ${JSON.stringify(reply.body)}`);
    return reply.body as { id: string; notAfter: string; serialNumber: string };
  };

  beforeAll(async () => {
    dns = await TestDnsServer.start();
    hooks = await startWebhookReceiver(dir);
    platform = await startDistributedPlatform({
      PORTAL_ADMIN_EMAIL: operator.email,
      PORTAL_ADMIN_PASSWORD: operator.password,
      DNS_RESOLVER: dns.address,
      PUBLIC_URL,
      WEBHOOK_ALLOW_PRIVATE: 'true',
      WEBHOOK_CA_FILE: hooks.caFile,
      // Real time: a failed attempt is retried half a second later.
      WEBHOOK_RETRY_SCHEDULE_MS: '500,500,500',
      WEBHOOK_DISPATCH_MS: '100',
    });
    await eventually(() => signIn(platform.url, operator.email, operator.password).then((t) => t, () => undefined), 60_000);
  }, 150_000);

  afterAll(async () => {
    await platform?.stop();
    await hooks?.close();
    await dns?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('issued: the requester gets the mail with download links that work; revoked: the requester and the RAOs get the reason', async () => {
    billingOrg = await organisationWithSubscription(url(), operator, { usageClass: 'A', raoCount: 2 });
    const [requester, other] = billingOrg.raos;
    const certificate = await request(billingOrg, 'notices');

    const [issued] = await mailsOnceThere(billingOrg, requester.email, 'certificate-issued', 1);
    expect(issued.subject).toBe('Your certificate for notices.example.ac.uk is ready');
    expect(issued.text).toContain(`valid until ${certificate.notAfter}`);
    const pem = `${PUBLIC_URL}/api/v1/certificates/${certificate.id}/download?format=pem`;
    expect(issued.text).toContain(pem);
    expect(issued.text).toContain(`${PUBLIC_URL}/api/v1/certificates/${certificate.id}/download?format=fullchain`);
    const downloaded = await client(url(), requester.token).get(pem.slice(PUBLIC_URL.length));
    expect(downloaded.status).toBe(200);
    expect(downloaded.body).toContain('-----BEGIN CERTIFICATE-----');
    expect(await mails(billingOrg, other.email, 'certificate-issued')).toEqual([]);

    const revoked = await client(url(), other.token).post(`/api/v1/certificates/${certificate.id}/revoke`, { reason: 'keyCompromise' });
    expect(revoked.status).toBe(201);
    for (const rao of [requester, other]) {
      const [mail] = await mailsOnceThere(billingOrg, rao.email, 'certificate-revoked', 1);
      expect(mail.subject).toBe(`Certificate ${certificate.serialNumber} has been revoked`);
      expect(mail.text).toContain('the private key was compromised (keyCompromise)');
    }
  }, 60_000);

  it('the RAOs hear of the allowance at 80 % and at 100 % of class A (50, the smallest), once each; the next request is refused', async () => {
    const subscription = async () => (await client(url(), billingOrg.raos[0].token).get(`/api/v1/organisations/${billingOrg.orgId}/subscription`)).body;
    // The revocation's refund reaches billing as an event: wait for it, or the 80 % would be crossed at 39.
    await eventually(async () => ((await subscription()).tally === 0 ? true : undefined), 20_000, 'the revoked certificate given back');
    const issueMany = async (from: number, count: number) => {
      for (let i = from; i < from + count; i += 10)
        await Promise.all(Array.from({ length: Math.min(10, from + count - i) }, (_, k) => request(billingOrg, `host${i + k}`)));
    };
    await issueMany(0, 40);
    for (const rao of billingOrg.raos) {
      const [mail] = await mailsOnceThere(billingOrg, rao.email, 'subscription-allowance-threshold', 1);
      expect(mail.subject).toContain('40 of 50 certificates of this term used (80 %)');
    }
    await issueMany(40, 10);
    for (const rao of billingOrg.raos) {
      const found = await mailsOnceThere(billingOrg, rao.email, 'subscription-allowance-threshold', 2);
      expect(found.map((m) => m.subject).sort()).toEqual([expect.stringContaining('(80 %)'), expect.stringContaining('all 50 certificates of this term are used')].sort());
    }
    const refused = await client(url(), billingOrg.raos[0].token).post('/api/v1/certificates', { organisationId: billingOrg.orgId, csr: makeCsr({ names: ['one-more.example.ac.uk'], key: 'p256' }) });
    expect(refused).toMatchObject({ status: 422, body: { code: 'ALLOWANCE_EXHAUSTED' } });
    expect(await subscription()).toMatchObject({ tally: 50, allowance: 50 });
    expect(await mails(billingOrg, billingOrg.raos[1].email, 'subscription-allowance-threshold')).toHaveLength(2);
  }, 90_000);

  it('a webhook: signed certificate.issued, a 500 retried in real time then 200, attempts [500, 200] listed, replayed with the same webhook-id; certificate.revoked signed too', async () => {
    const org = await organisationWithSubscription(url(), operator, { usageClass: 'A' });
    const api = client(url(), org.raos[0].token);
    const registered = await api.post(`/api/v1/organisations/${org.orgId}/webhooks`, { url: hooks.url, eventTypes: ['certificate.issued', 'certificate.revoked'] });
    expect(registered.status).toBe(201);
    const { id: webhookId, secret } = registered.body as { id: string; secret: string };
    expect(secret).toMatch(/^whsec_/);
    const deliveries = async () => (await api.get(`/api/v1/organisations/${org.orgId}/webhooks/${webhookId}/deliveries`)).body.items;

    hooks.script.push(500);
    const certificate = await request(org, 'hooked');
    await eventually(async () => (hooks.received.length >= 2 ? true : undefined), 20_000, 'the first attempt and its retry');
    const [first, second] = hooks.received;
    for (const r of [first, second]) expect(signatureVerifies(secret, r)).toBe(true);
    expect(second.headers['webhook-id']).toBe(first.headers['webhook-id']);
    expect(second.body).toBe(first.body);
    expect(JSON.parse(first.body)).toMatchObject({ type: 'certificate.issued', data: { certificateId: certificate.id, organisationId: org.orgId } });
    const [done] = await eventually(async () => ((await deliveries())[0]?.status === 'succeeded' ? await deliveries() : undefined), 20_000, 'the delivery succeeded');
    expect(done).toMatchObject({ eventType: 'certificate.issued' });
    expect(done.attempts.map((a: { statusCode: number }) => a.statusCode)).toEqual([500, 200]);
    // Retried on WEBHOOK_RETRY_SCHEDULE_MS (500 ms), not on the default schedule (5 s first).
    const wait = Date.parse(done.attempts[1].at) - Date.parse(done.attempts[0].at);
    expect(wait).toBeGreaterThanOrEqual(500);
    expect(wait).toBeLessThan(5_000);

    const replayed = await api.post(`/api/v1/organisations/${org.orgId}/webhooks/${webhookId}/deliveries/${done.id}/replay`, {});
    expect(replayed).toMatchObject({ status: 200, body: { status: 'pending' } });
    await eventually(async () => (hooks.received.length >= 3 ? true : undefined), 20_000, 'the replay');
    expect(hooks.received[2].headers['webhook-id']).toBe(first.headers['webhook-id']);
    expect(hooks.received[2].body).toBe(first.body);
    expect(signatureVerifies(secret, hooks.received[2])).toBe(true);
    const [again] = await eventually(async () => ((await deliveries())[0]?.attempts.length === 3 ? await deliveries() : undefined), 20_000, 'the replay listed');
    expect(again.attempts.map((a: { statusCode: number }) => a.statusCode)).toEqual([500, 200, 200]);

    expect((await api.post(`/api/v1/certificates/${certificate.id}/revoke`, { reason: 'superseded' })).status).toBe(201);
    await eventually(async () => (hooks.received.length >= 4 ? true : undefined), 20_000, 'certificate.revoked');
    const revoked = hooks.received[3];
    expect(signatureVerifies(secret, revoked)).toBe(true);
    expect(revoked.headers['webhook-id']).not.toBe(first.headers['webhook-id']);
    expect(JSON.parse(revoked.body)).toMatchObject({ type: 'certificate.revoked', data: { certificateId: certificate.id } });
    expect(hooks.received).toHaveLength(4);
  }, 60_000);
});
