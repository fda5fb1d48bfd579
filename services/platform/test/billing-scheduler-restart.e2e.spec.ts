import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { Billing } from '@platform/contracts';
import { ManualClock } from '@platform/kernel';
import { MESSAGE_BUS, type MessageBus, sendRequest } from '@platform/messaging';
import { type PlatformHandle, startPlatform } from '../src/platform';
import { type OrganisationUnderTest, organisationWithSubscription } from './billing.fixtures';
import { client, eventually } from './http-client';

/** Due dates live in the events, not in timers: a restart neither loses a reminder nor sends it twice. */
describe('billing scheduler across restarts (single process, manual clock)', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'billing-restart-'));
  const operator = { email: 'operator@example.ac.uk', password: 'operator password for tests' };
  const clock = new ManualClock(new Date('2027-07-01T09:00:00Z'));
  const env = {
    DATA_DIR: dataDir,
    PORT: '0',
    LOG_LEVEL: 'warn',
    PORTAL_ADMIN_EMAIL: operator.email,
    PORTAL_ADMIN_PASSWORD: operator.password,
    BILLING_SCHEDULER_INTERVAL_MS: '100',
  };
  let platform: PlatformHandle | undefined;
  let org: OrganisationUnderTest;

  afterAll(async () => {
    await platform?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const reminders = async () => {
    const events = (await client(platform!.url!, org.mrao).get(`/api/v1/organisations/${org.orgId}/subscription/events`)).body as { type: string }[];
    return events.filter((e) => e.type === 'RenewalReminderSent').length;
  };

  it('a reminder that fell due while the platform was down is sent once after the restart, and not again after another', async () => {
    platform = await startPlatform(env, { clock });
    org = await organisationWithSubscription(platform.url!, operator, { usageClass: 'A', startsOn: '2026-11-01', validate: false });
    await platform.close();

    clock.set(new Date('2027-08-02T09:00:00Z')); // the reminder fell due on 1 August, while nothing ran
    platform = await startPlatform(env, { clock });
    await org.signInAgain(platform.url!);
    expect(await eventually(async () => ((await reminders()) === 1 ? 1 : undefined))).toBe(1);
    await platform.close();

    platform = await startPlatform(env, { clock });
    await org.signInAgain(platform.url!);
    await new Promise((r) => setTimeout(r, 1000)); // ten scheduler ticks
    expect(await reminders()).toBe(1);
    const outbox = await client(platform.url!, org.mrao).get(`/api/v1/notifications/outbox?to=${encodeURIComponent(org.raos[0].email)}`);
    expect(outbox.body.filter((m: { subject: string }) => m.subject.includes('Renew'))).toHaveLength(1);
  });

  it('a reservation whose issuance never finished (a crash after reserving) is released ten minutes later', async () => {
    // What issuance does before signing, then nothing: the process "died".
    const bus = platform!.app.get<MessageBus>(MESSAGE_BUS);
    await sendRequest(bus, Billing.ReserveAllowance, { organisationId: org.orgId, certificateId: randomUUID() });
    const view = async () => (await client(platform!.url!, org.mrao).get(`/api/v1/organisations/${org.orgId}/subscription`)).body;
    expect(await view()).toMatchObject({ inFlight: 1, remaining: 49 });
    clock.advance(9 * 60_000);
    await new Promise((r) => setTimeout(r, 500));
    expect(await view()).toMatchObject({ inFlight: 1 });
    clock.advance(60_000);
    expect(await eventually(async () => ((await view()).inFlight === 0 ? await view() : undefined))).toMatchObject({ inFlight: 0, remaining: 50 });
    const events = (await client(platform!.url!, org.mrao).get(`/api/v1/organisations/${org.orgId}/subscription/events`)).body as { type: string; data: { reason?: string } }[];
    expect(events.at(-1)).toMatchObject({ type: 'AllowanceReleased', data: { reason: 'expired' } });
  });
});
