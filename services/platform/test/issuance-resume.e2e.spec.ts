/**
 * Issue 18, defect 4: after a crash, units stayed reserved for 10 minutes. A request is now recorded
 * before its unit is reserved; once its owner's lease runs out, the resumer of any (restarted)
 * instance finishes it (confirm + sign) or ends it and gives the unit back. Here a dead instance's
 * leftovers are written as it would have left them (its request recorded, its unit reserved or not),
 * the injected clock passes the lease, and one resumer tick settles everything: no sleeps.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Billing } from '@platform/contracts';
import type { EventStore } from '@platform/event-store';
import {
  CERTIFICATE_AUTHORITY,
  CertificateRequestProcess,
  ISSUANCE_CONFIG,
  ISSUANCE_STORE,
  PendingRequestsReadModel,
  REQUEST_LEASE_MS,
  RequestResumer,
  certificateIdFor,
  certificateStream,
} from '@platform/issuance';
import { ManualClock } from '@platform/kernel';
import { MESSAGE_BUS, type MessageBus, sendRequest } from '@platform/messaging';
import { parseCsr } from '@platform/pki';
import { TestDnsServer } from '@platform/testing';
import { type PlatformHandle, startPlatform } from '../src/platform';
import { type OrganisationUnderTest, organisationWithSubscription } from './billing.fixtures';
import { client, eventually } from './http-client';
import { makeCsr } from './openssl';

describe('requests left by a crashed issuance instance are finished or ended by the resumer (single process)', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'issuance-resume-'));
  const operator = { email: 'operator@example.ac.uk', password: 'operator password for tests' };
  const clock = new ManualClock(new Date());
  let platform: PlatformHandle;
  let dns: TestDnsServer;
  let org: OrganisationUnderTest;
  let store: EventStore;
  let bus: MessageBus;
  let resumer: RequestResumer;
  const rao = () => client(platform.url!, org.raos[0].token);
  const subscription = async () => (await rao().get(`/api/v1/organisations/${org.orgId}/subscription`)).body as { tally: number; inFlight: number };
  const types = async (certificateId: string) => (await store.readStream(certificateStream(certificateId))).map((e) => e.type);

  /** What a dead instance leaves: its request recorded with its lease (and, after `reserve`, its unit reserved). */
  async function leftBehind(opts: { reserve: boolean; requestId?: string; owner?: string; name?: string }) {
    const certificateId = opts.requestId ? certificateIdFor(org.orgId, opts.requestId) : randomUUID();
    const csr = makeCsr({ names: [opts.name ?? `resumed-${certificateId.slice(0, 8)}.example.ac.uk`], key: 'p256' });
    const at = clock.now();
    const { publicKeySha256 } = await parseCsr(csr);
    await store.appendToStream(
      certificateStream(certificateId),
      [
        {
          type: 'CertificateRequested',
          data: {
            certificateId,
            organisationId: org.orgId,
            requestedBy: 'admin-of-the-dead-instance',
            ...(opts.requestId ? { requestId: opts.requestId } : {}),
            csr,
            publicKeySha256,
            certificateType: 'ov-ssl',
            subject: { organisation: 'University of Resumption', country: 'GB' },
            requestedAt: at.toISOString(),
            lease: { owner: opts.owner ?? 'issuance-dead', until: new Date(at.getTime() + REQUEST_LEASE_MS).toISOString() },
          },
          metadata: { correlationId: 'crash', occurredAt: at.toISOString() },
        },
      ],
      'no_stream',
    );
    if (opts.reserve) await sendRequest(bus, Billing.ReserveAllowance, { organisationId: org.orgId, certificateId });
    return { certificateId, csr };
  }

  beforeAll(async () => {
    dns = await TestDnsServer.start();
    platform = await startPlatform(
      { DNS_RESOLVER: dns.address, DATA_DIR: dataDir, PORT: '0', LOG_LEVEL: 'error', PORTAL_ADMIN_EMAIL: operator.email, PORTAL_ADMIN_PASSWORD: operator.password },
      { clock },
    );
    org = await organisationWithSubscription(platform.url!, operator, { usageClass: 'A' });
    store = platform.app.get<EventStore>(ISSUANCE_STORE);
    bus = platform.app.get<MessageBus>(MESSAGE_BUS);
    resumer = platform.app.get(RequestResumer);
  }, 60_000);

  afterAll(async () => {
    await platform?.close();
    await dns?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('a request whose unit is still reserved is signed and counted once its lease runs out; the live lease is left alone before', async () => {
    const before = await subscription();
    const { certificateId } = await leftBehind({ reserve: true });
    expect(await subscription()).toMatchObject({ inFlight: before.inFlight + 1 });

    clock.advance(REQUEST_LEASE_MS - 1_000);
    await resumer.tick();
    expect(await types(certificateId)).toEqual(['CertificateRequested']); // its owner may still be at work

    clock.advance(1_000);
    await resumer.tick();
    expect(await types(certificateId)).toEqual(['CertificateRequested', 'CertificateRequestResumed', 'CertificateIssued']);
    expect(await subscription()).toMatchObject({ tally: before.tally + 1, inFlight: before.inFlight });
    const shown = await eventually(async () => {
      const reply = await rao().get(`/api/v1/certificates/${certificateId}`);
      return reply.status === 200 ? reply.body : undefined;
    });
    expect(shown).toMatchObject({ id: certificateId, status: 'issued', requestedBy: 'admin-of-the-dead-instance' });
  });

  it('a request that died before reserving, or whose unit lapsed, is recorded as failed (RESERVATION_LAPSED) and holds nothing', async () => {
    const before = await subscription();
    const { certificateId } = await leftBehind({ reserve: false });
    clock.advance(REQUEST_LEASE_MS);
    await resumer.tick();
    expect(await types(certificateId)).toEqual(['CertificateRequested', 'CertificateRequestResumed', 'CertificateRequestFailed']);
    const [, , failed] = await store.readStream(certificateStream(certificateId));
    expect(failed.data).toMatchObject({ code: 'RESERVATION_LAPSED', unitHeld: false });
    expect(await subscription()).toEqual(expect.objectContaining({ tally: before.tally, inFlight: before.inFlight }));
  });

  it('a failed request whose unit could not be given back (the bus was down) gets it back on the next tick', async () => {
    const before = await subscription();
    const { certificateId } = await leftBehind({ reserve: true });
    const at = clock.now().toISOString();
    const [requested] = await store.readStream(certificateStream(certificateId));
    await store.appendToStream(
      certificateStream(certificateId),
      [
        {
          type: 'CertificateRequestFailed',
          data: { certificateId, organisationId: org.orgId, code: 'TIMEOUT', message: 'billing did not answer', failedAt: at, unitHeld: true },
          metadata: { correlationId: 'crash', occurredAt: at },
        },
      ],
      requested.revision,
    );
    expect(await subscription()).toMatchObject({ inFlight: before.inFlight + 1 });
    await resumer.tick(); // at once: no lease to wait for
    expect(await types(certificateId)).toEqual(['CertificateRequested', 'CertificateRequestFailed', 'CertificateRequestUnitReturned']);
    expect(await subscription()).toMatchObject({ tally: before.tally, inFlight: before.inFlight });
  });

  it('a client retry while another instance holds the request answers 409 REQUEST_IN_PROGRESS with Retry-After, then the outcome once resumed', async () => {
    const { certificateId, csr } = await leftBehind({ reserve: true, requestId: 'retry-while-running', owner: 'issuance-elsewhere' });
    const retry = () =>
      fetch(`${platform.url}/api/v1/certificates`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${org.raos[0].token}`, 'Idempotency-Key': 'retry-while-running' },
        body: JSON.stringify({ organisationId: org.orgId, csr }),
      });
    const running = await retry();
    expect(running.status).toBe(409);
    expect(running.headers.get('retry-after')).toBe('2');
    expect(await running.json()).toMatchObject({ code: 'REQUEST_IN_PROGRESS' });

    clock.advance(REQUEST_LEASE_MS);
    await resumer.tick();
    const done = await retry();
    expect(done.status).toBe(201);
    expect(await done.json()).toMatchObject({ id: certificateId, status: 'issued' });
  });

  it('two instances resuming the same requests at once: each request is taken over, signed and counted by one of them only', async () => {
    const before = await subscription();
    // A second issuance instance: its own owner name, the same store, bus, CA and read model.
    const app = platform.app;
    const otherProcess = new CertificateRequestProcess(store, bus, clock, app.get(CERTIFICATE_AUTHORITY), app.get(ISSUANCE_CONFIG));
    const other = new RequestResumer(store, clock, 60_000, otherProcess, app.get(PendingRequestsReadModel));
    const left = await Promise.all(Array.from({ length: 6 }, () => leftBehind({ reserve: true })));
    clock.advance(REQUEST_LEASE_MS);
    await Promise.all([resumer.tick(), other.tick()]);
    for (const { certificateId } of left) {
      const events = await store.readStream(certificateStream(certificateId));
      expect(events.map((e) => e.type)).toEqual(['CertificateRequested', 'CertificateRequestResumed', 'CertificateIssued']);
    }
    expect(await subscription()).toMatchObject({ tally: before.tally + 6, inFlight: before.inFlight });
  });
});
