import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ManualClock } from '@platform/kernel';
import { ExpiryNoticesSweeper } from '@platform/notifications';
import { type PlatformHandle, startPlatform } from '../src/platform';
import { type OrganisationUnderTest, organisationWithSubscription } from './billing.fixtures';
import { client, eventually } from './http-client';
import { makeCsr } from './openssl';

const PUBLIC_URL = 'https://portal.example.ac.uk';
const DAY_MS = 86_400_000;

interface Mail {
  to: string;
  subject: string;
  text: string;
  cause: string;
}

/**
 * What certificates tell people, through the single process with a manual clock: issued (download
 * links, to the requester), revoked (reason, to the requester and the RAOs), the allowance at 80 % and
 * 100 % (to the RAOs), expiry 30, 7 and 1 days before notAfter (each once, across restarts), and every
 * link of every mail produced here opens a page (no 404). The issued, revoked and allowance mails run
 * distributed too (`notifications.distributed.e2e.spec.ts`); the expiry notices only here, as they need
 * a clock the test moves.
 */
describe('certificate notices (single process, manual clock)', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'certificate-notices-'));
  const operator = { email: 'operator@example.ac.uk', password: 'operator password for tests' };
  const clock = new ManualClock(new Date('2027-01-11T09:00:00Z'));
  const env = {
    DATA_DIR: dataDir,
    PORT: '0',
    LOG_LEVEL: 'warn',
    PUBLIC_URL,
    PORTAL_ADMIN_EMAIL: operator.email,
    PORTAL_ADMIN_PASSWORD: operator.password,
    NOTIFICATIONS_SWEEP_MS: '100',
    VALIDATION_SWEEP_MS: '100',
    BILLING_SCHEDULER_INTERVAL_MS: '100',
  };
  let platform: PlatformHandle;
  const url = () => platform.url!;
  const restart = async (at?: Date) => {
    await platform.close();
    if (at) clock.set(at);
    platform = await startPlatform(env, { clock });
  };
  const mails = async (org: OrganisationUnderTest, to: string, cause?: string): Promise<Mail[]> => {
    const reply = await client(url(), org.mrao).get(`/api/v1/notifications/outbox?to=${encodeURIComponent(to)}&limit=1000`);
    if (reply.status !== 200) throw new Error(`outbox: ${reply.status} ${JSON.stringify(reply.body)}`);
    return (reply.body as Mail[]).filter((m) => !cause || m.cause === cause);
  };
  const mailsOnceThere = (org: OrganisationUnderTest, to: string, cause: string, count: number) =>
    eventually(async () => {
      const found = await mails(org, to, cause);
      return found.length >= count ? found : undefined;
    });
  const request = async (org: OrganisationUnderTest, host: string) => {
    const reply = await client(url(), org.raos[0].token).post('/api/v1/certificates', { organisationId: org.orgId, csr: makeCsr({ names: [`${host}.example.ac.uk`], key: 'p256' }) });
    if (reply.status !== 201) throw new Error(`certificate: ${reply.status} ${JSON.stringify(reply.body)}`);
    return reply.body as { id: string; notAfter: string; serialNumber: string };
  };

  beforeAll(async () => {
    platform = await startPlatform(env, { clock });
  });

  afterAll(async () => {
    await platform?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  let billingOrg: OrganisationUnderTest;

  it('issued: the requester gets download links; revoked: the requester and the RAOs get the reason', async () => {
    billingOrg = await organisationWithSubscription(url(), operator, { usageClass: 'A', raoCount: 2 });
    const [requester, other] = billingOrg.raos;
    const certificate = await request(billingOrg, 'notices');

    const [issued] = await mailsOnceThere(billingOrg, requester.email, 'certificate-issued', 1);
    expect(issued.subject).toBe('Your certificate for notices.example.ac.uk is ready');
    expect(issued.text).toContain(`${PUBLIC_URL}/api/v1/certificates/${certificate.id}/download?format=pem`);
    expect(issued.text).toContain(`${PUBLIC_URL}/api/v1/certificates/${certificate.id}/download?format=fullchain`);
    expect(issued.text).toContain(`valid until ${certificate.notAfter}`);
    expect(await mails(billingOrg, other.email, 'certificate-issued')).toEqual([]);

    const revoked = await client(url(), other.token).post(`/api/v1/certificates/${certificate.id}/revoke`, { reason: 'keyCompromise' });
    expect(revoked.status).toBe(201);
    for (const rao of [requester, other]) {
      const [mail] = await mailsOnceThere(billingOrg, rao.email, 'certificate-revoked', 1);
      expect(mail.subject).toBe(`Certificate ${certificate.serialNumber} has been revoked`);
      expect(mail.text).toContain('the private key was compromised (keyCompromise)');
    }
  });

  it('the RAOs hear of the allowance at 80 % and at 100 %, once each', async () => {
    // The revoked certificate was given back (within 14 days): 50 units left of class A's 50.
    const issueMany = async (from: number, count: number) => {
      for (let i = from; i < from + count; i += 10)
        await Promise.all(Array.from({ length: Math.min(10, from + count - i) }, (_, k) => request(billingOrg, `host${i + k}`)));
    };
    await issueMany(0, 39);
    expect(await mails(billingOrg, billingOrg.raos[0].email, 'subscription-allowance-threshold')).toEqual([]);
    await issueMany(39, 1);
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
    expect(refused.body.code).toBe('ALLOWANCE_EXHAUSTED');
    expect(await mails(billingOrg, billingOrg.raos[1].email, 'subscription-allowance-threshold')).toHaveLength(2);
  });

  it('expiry notices 30, 7 and 1 days before notAfter: each once, across restarts, none skipped', async () => {
    const org = await organisationWithSubscription(url(), operator, { usageClass: 'A' });
    const rao = org.raos[0].email;
    const { notAfter } = await request(org, 'expiring');
    const end = Date.parse(notAfter);
    const expiring = async () => {
      await org.signInAgain(url());
      return (await mails(org, rao, 'certificate-expiring')).map((m) => m.subject).sort();
    };
    const sweep = () => platform.app.get(ExpiryNoticesSweeper).sweep();

    clock.set(new Date(end - 30 * DAY_MS - 3_600_000));
    await sweep();
    expect(await expiring()).toEqual([]);

    clock.set(new Date(end - 30 * DAY_MS + 3_600_000));
    await eventually(async () => ((await expiring()).length === 1 ? true : undefined));
    await restart();
    await sweep();
    expect(await expiring()).toEqual([expect.stringContaining('expires in 30 days')]);

    // The 7-day threshold passes while nothing runs: told once after the restart, and not again.
    await restart(new Date(end - 7 * DAY_MS + 3_600_000));
    await eventually(async () => ((await expiring()).length === 2 ? true : undefined));
    await sweep();
    await restart();
    await sweep();
    expect(await expiring()).toEqual([expect.stringContaining('expires in 30 days'), expect.stringContaining('expires in 7 days')]);

    clock.set(new Date(end - DAY_MS + 3_600_000));
    await eventually(async () => ((await expiring()).length === 3 ? true : undefined));
    await restart(new Date(end + 3_600_000));
    await sweep();
    const subjects = await expiring();
    expect(subjects).toHaveLength(3);
    expect(subjects.filter((s) => s.includes('expires tomorrow'))).toHaveLength(1);
  });

  it('every link in every mail the platform queued opens a page (none answers 404)', async () => {
    // Mails of kinds the other tests did not produce: a renewal reminder (3 months before the term's
    // end) and an e-mail domain validation.
    clock.set(new Date('2027-10-12T09:00:00Z'));
    await billingOrg.signInAgain(url());
    await eventually(async () => ((await mails(billingOrg, billingOrg.raos[0].email, 'subscription-renewal-reminder')).length > 0 ? true : undefined));
    const dcv = await client(url(), billingOrg.raos[0].token).post(`/api/v1/organisations/${billingOrg.orgId}/domains/example.ac.uk/email`, { mailbox: 'admin' });
    expect(dcv.status).toBeLessThan(300);
    await eventually(async () => ((await client(url(), billingOrg.mrao).get('/api/v1/notifications/outbox?to=admin%40example.ac.uk')).body.length > 0 ? true : undefined));

    const outbox = (await client(url(), billingOrg.mrao).get('/api/v1/notifications/outbox?limit=1000')).body as Mail[];
    const causes = new Set(outbox.map((m) => m.cause));
    for (const cause of ['admin-invited', 'domain-validation-email', 'certificate-issued', 'certificate-revoked', 'certificate-expiring', 'subscription-allowance-threshold', 'subscription-renewal-reminder'])
      expect(causes).toContain(cause);
    const links = new Set(outbox.flatMap((m) => m.text.match(/https?:\/\/\S+/g) ?? []));
    expect(links.size).toBeGreaterThan(10);
    const answers: string[] = [];
    for (const link of links) {
      expect(link.startsWith(PUBLIC_URL)).toBe(true);
      const reply = await client(url()).get(link.slice(PUBLIC_URL.length));
      answers.push(`${reply.status} ${link}`);
    }
    expect(answers.filter((a) => a.startsWith('404') || a.startsWith('5'))).toEqual([]);
  });
});
