import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ManualClock } from '@platform/kernel';
import { type PlatformHandle, startPlatform } from '../src/platform';
import { type OrganisationUnderTest, organisationWithSubscription } from './billing.fixtures';
import { client, eventually } from './http-client';
import { makeCsr } from './openssl';
import { type WebhookReceiver, signatureVerifies, startWebhookReceiver } from './webhook-receiver';

/**
 * "A webhook delivered to a loopback HTTPS receiver, signature verified, retried after a 500,
 * replayed", and its retry resumed by a restarted platform at its due time (manual clock).
 */
describe('webhooks (single process, manual clock, loopback HTTPS receiver)', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'webhooks-'));
  const operator = { email: 'operator@example.ac.uk', password: 'operator password for tests' };
  const clock = new ManualClock(new Date('2027-02-01T09:00:00Z'));
  let env: Record<string, string>;
  let platform: PlatformHandle;
  let hooks: WebhookReceiver;
  let org: OrganisationUnderTest;
  const api = () => client(platform.url!, org.raos[0].token);

  beforeAll(async () => {
    hooks = await startWebhookReceiver(dataDir);
    env = {
      DATA_DIR: dataDir,
      PORT: '0',
      LOG_LEVEL: 'warn',
      PORTAL_ADMIN_EMAIL: operator.email,
      PORTAL_ADMIN_PASSWORD: operator.password,
      WEBHOOK_ALLOW_PRIVATE: 'true',
      WEBHOOK_CA_FILE: hooks.caFile,
      WEBHOOK_RETRY_SCHEDULE_MS: '60000,60000,60000',
      WEBHOOK_DISPATCH_MS: '50',
    };
    platform = await startPlatform(env, { clock });
    org = await organisationWithSubscription(platform.url!, operator, { usageClass: 'A' });
  });

  afterAll(async () => {
    await platform?.close();
    await hooks?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('delivers a signed certificate.issued, retries it after a 500, lists the attempts, replays it, and resumes a retry after a restart', async () => {
    const refused = await api().post(`/api/v1/organisations/${org.orgId}/webhooks`, { url: hooks.url.replace('https:', 'http:'), eventTypes: ['certificate.issued'] });
    expect(refused).toMatchObject({ status: 422, body: { code: 'WEBHOOK_URL_INVALID' } });

    const registered = await api().post(`/api/v1/organisations/${org.orgId}/webhooks`, { url: hooks.url, eventTypes: ['certificate.issued', 'certificate.revoked'] });
    expect(registered.status).toBe(201);
    const { id: webhookId, secret } = registered.body as { id: string; secret: string };
    expect(secret).toMatch(/^whsec_/);
    const listed = await api().get(`/api/v1/organisations/${org.orgId}/webhooks`);
    expect(listed.body.items).toEqual([expect.objectContaining({ id: webhookId, url: hooks.url, status: 'active' })]);
    expect(JSON.stringify(listed.body)).not.toContain(secret.slice(6));

    hooks.script.push(500);
    const certificate = await api().post('/api/v1/certificates', { organisationId: org.orgId, csr: makeCsr({ names: ['hooked.example.ac.uk'], key: 'p256' }) });
    expect(certificate.status).toBe(201);
    await eventually(async () => (hooks.received.length === 1 ? true : undefined));
    const deliveries = async () => (await api().get(`/api/v1/organisations/${org.orgId}/webhooks/${webhookId}/deliveries`)).body.items;
    const [pending] = await eventually(async () => ((await deliveries())[0]?.attempts.length === 1 ? await deliveries() : undefined));
    expect(pending).toMatchObject({ status: 'pending', eventType: 'certificate.issued', attempts: [{ attempt: 1, statusCode: 500 }] });

    clock.advance(60_000); // the retry falls due
    await eventually(async () => (hooks.received.length === 2 ? true : undefined));
    const [first, second] = hooks.received;
    for (const r of [first, second]) expect(signatureVerifies(secret, r)).toBe(true);
    expect(second.headers['webhook-id']).toBe(first.headers['webhook-id']);
    expect(second.body).toBe(first.body);
    expect(JSON.parse(first.body)).toMatchObject({ type: 'certificate.issued', data: { certificateId: certificate.body.id, organisationId: org.orgId } });
    const [done] = await eventually(async () => ((await deliveries())[0]?.status === 'succeeded' ? await deliveries() : undefined));
    expect(done.attempts.map((a: { statusCode: number }) => a.statusCode)).toEqual([500, 200]);
    expect(done).not.toHaveProperty('nextAttemptAt');

    // Replayed: the same message again, now.
    hooks.script.push(500);
    const replayed = await api().post(`/api/v1/organisations/${org.orgId}/webhooks/${webhookId}/deliveries/${done.id}/replay`, {});
    expect(replayed).toMatchObject({ status: 200, body: { status: 'pending' } });
    await eventually(async () => (hooks.received.length === 3 ? true : undefined));
    expect(hooks.received[2].headers['webhook-id']).toBe(first.headers['webhook-id']);
    expect(signatureVerifies(secret, hooks.received[2])).toBe(true);
    await eventually(async () => ((await deliveries())[0]?.attempts.length === 3 ? true : undefined));

    // The replay's first attempt got a 500: its retry is due in a minute, while the platform is down.
    await platform.close();
    clock.advance(61_000);
    platform = await startPlatform(env, { clock });
    await org.signInAgain(platform.url!);
    await eventually(async () => (hooks.received.length === 4 ? true : undefined));
    expect(signatureVerifies(secret, hooks.received[3])).toBe(true);
    const [resumed] = await eventually(async () => ((await deliveries())[0]?.status === 'succeeded' && (await deliveries())[0].attempts.length === 4 ? await deliveries() : undefined));
    expect(resumed.attempts.map((a: { statusCode: number }) => a.statusCode)).toEqual([500, 200, 500, 200]);
    expect(hooks.received).toHaveLength(4);
  });

  it('a disabled webhook gets nothing more; a deleted one is no longer listed', async () => {
    const { body: hook } = await api().post(`/api/v1/organisations/${org.orgId}/webhooks`, { url: hooks.url, eventTypes: ['certificate.revoked'] });
    const disabled = await api().post(`/api/v1/organisations/${org.orgId}/webhooks/${hook.id}/disable`, {});
    expect(disabled).toMatchObject({ status: 200, body: { status: 'disabled' } });
    const before = hooks.received.length;
    const certificate = await api().post('/api/v1/certificates', { organisationId: org.orgId, csr: makeCsr({ names: ['unhooked.example.ac.uk'], key: 'p256' }) });
    await api().post(`/api/v1/certificates/${certificate.body.id}/revoke`, { reason: 'superseded' });
    // The first webhook (still active) hears of the issuance and the revocation; the disabled one of nothing.
    await eventually(async () => (hooks.received.length === before + 2 ? true : undefined));
    expect(hooks.received.slice(before).map((r) => JSON.parse(r.body).type).sort()).toEqual(['certificate.issued', 'certificate.revoked']);
    expect((await api().get(`/api/v1/organisations/${org.orgId}/webhooks/${hook.id}/deliveries`)).body.items).toEqual([]);
    const deleted = await client(platform.url!, org.raos[0].token).raw('DELETE', `/api/v1/organisations/${org.orgId}/webhooks/${hook.id}`);
    expect(deleted.status).toBe(200);
    expect((await api().get(`/api/v1/organisations/${org.orgId}/webhooks`)).body.items.map((w: { id: string }) => w.id)).not.toContain(hook.id);
  });
});
