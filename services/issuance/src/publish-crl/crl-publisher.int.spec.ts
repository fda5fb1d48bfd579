/**
 * The CRL publisher against a real event store, read model and CA (SQLite, in a temp dir): downloads
 * are answered from memory, numbers only ever go up (across restarts, across the old stream format
 * that stored the CRL bytes, and across two instances racing), and the CRL verifies with openssl.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type EventStore, SqliteEventStore, eventMetadata } from '@platform/event-store';
import { ManualClock } from '@platform/kernel';
import { CertificateAuthority } from '@platform/pki';
import { eventually } from '@platform/testing';
import type { CertificateEvent } from '../certificate/certificate.events';
import { type CrlPublishedData, crlStream } from '../crl/crl.decider';
import { CertificateListProjection } from '../projections/certificate-list.projection';
import { CrlPublisher } from './crl-publisher';
import { CrlRefreshSubscriber } from './crl-refresh.subscriber';

const HOUR = 3_600_000;

describe('CRL publisher (SQLite store and read model)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'crl-publisher-int-'));
  const clock = new ManualClock(new Date('2026-12-01T10:00:00Z'));
  let ca: CertificateAuthority;
  let store: EventStore;
  let serial = 0x1000;
  const open: Array<{ close(): Promise<void> }> = [];

  let instances = 0;
  /** An instance of issuance's CRL side: its own memory, read model and CRL dir; the event store is shared. */
  async function instance(crlDir = join(dir, 'crl')) {
    const readModel = new CertificateListProjection(store, { kind: 'sqlite', filename: join(dir, `read-model-${instances++}.db`) });
    await readModel.onModuleInit();
    open.push({ close: () => readModel.onApplicationShutdown() });
    const reads = { count: 0 };
    const counted = new Proxy(store, {
      get(target, name) {
        const value = Reflect.get(target, name) as unknown;
        if (typeof value !== 'function') return value;
        if (name === 'readStream' || name === 'readAll' || name === 'headPosition') reads.count++;
        return (value as (...a: unknown[]) => unknown).bind(target);
      },
    });
    const publisher = new CrlPublisher(counted, ca, clock, { publicUrl: 'http://127.0.0.1', crlDir }, readModel);
    return { publisher, reads, readModel };
  }

  /** Issued and revoked, as facts in certificate streams (what the revoke use case appends). */
  async function revoke(count: number, reason: 'keyCompromise' | 'unspecified' = 'unspecified'): Promise<{ serials: string[]; position: bigint }> {
    const serials: string[] = [];
    let position = 0n;
    for (let i = 0; i < count; i++) {
      const id = `00000000-0000-4000-8000-${String(serial).padStart(12, '0')}`;
      const serialNumber = (serial++).toString(16);
      const at = clock.now();
      const data = { certificateId: id, organisationId: 'org-1', serialNumber, issuedAt: at.toISOString(), issuerId: 'tls-rsa' };
      const events: CertificateEvent[] = [
        {
          type: 'CertificateIssued',
          data: {
            ...data,
            requestedBy: 'admin-1',
            commonName: 'www.example.ac.uk',
            names: ['www.example.ac.uk'],
            keyAlgorithm: 'RSA',
            publicKeySha256: `key-${serialNumber}`,
            notBefore: at.toISOString(),
            notAfter: new Date(at.getTime() + 90 * 24 * HOUR).toISOString(),
            certificatePem: '',
            chainPem: '',
          },
        },
        { type: 'CertificateRevoked', data: { ...data, reason, revokedAt: at.toISOString(), revokedBy: 'admin-1', publicKeySha256: `key-${serialNumber}` } },
      ];
      const metadata = eventMetadata({ at, actor: 'admin-1' });
      ({ position } = await store.appendToStream(`certificate-${id}`, events.map((e) => ({ ...e, metadata })), 'no_stream'));
      serials.push(serialNumber);
    }
    return { serials, position };
  }

  const listed = (der: Buffer): string[] => {
    writeFileSync(join(dir, 'listed.der'), der);
    const text = execFileSync('openssl', ['crl', '-inform', 'DER', '-in', join(dir, 'listed.der'), '-noout', '-text'], { maxBuffer: 64 << 20 }).toString();
    return [...text.matchAll(/Serial Number: ([0-9A-F]+)/g)].map((m) => m[1].toLowerCase());
  };
  const publications = async (): Promise<CrlPublishedData[]> =>
    (await store.readStream(crlStream('tls-rsa'))).map((e) => e.data as CrlPublishedData);

  beforeAll(async () => {
    ca = await CertificateAuthority.loadOrCreate({ dir: join(dir, 'ca'), passphrase: 'crl publisher test' });
  }, 60_000);

  beforeEach(() => {
    store = SqliteEventStore.open(join(dir, `events-${serial}.db`));
    rmSync(join(dir, 'crl'), { recursive: true, force: true });
  });

  afterEach(async () => {
    for (const o of open.splice(0)) await o.close();
    await store.close();
  });

  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('answers downloads from memory: 1,000 downloads after 1,000 revocations read nothing from the event store', async () => {
    const { publisher, reads } = await instance();
    const { serials, position } = await revoke(1000);
    const crl = await publisher.refresh('tls-rsa', position);
    expect(crl).toMatchObject({ number: 1, entries: 1000 });
    reads.count = 0;
    for (let i = 0; i < 1000; i++) expect((await publisher.current('tls-rsa')).number).toBe(1);
    expect(reads.count).toBe(0);
    expect(listed(crl.der).sort()).toEqual([...serials].sort());
  }, 60_000);

  it('verifies under the issuing CA with openssl crl -verify, listing every revoked serial', async () => {
    const { publisher } = await instance();
    const { serials, position } = await revoke(300, 'keyCompromise');
    const crl = await publisher.refresh('tls-rsa', position);
    writeFileSync(join(dir, 'n.der'), crl.der);
    writeFileSync(join(dir, 'chain.pem'), ca.chainPem);
    const out = execFileSync('openssl', ['crl', '-inform', 'DER', '-in', join(dir, 'n.der'), '-CAfile', join(dir, 'chain.pem'), '-verify', '-noout'], {
      stdio: ['ignore', 'pipe', 'pipe'],
      encoding: 'utf8',
    });
    expect(out).toBe('');
    expect(listed(crl.der).sort()).toEqual([...serials].sort());
  }, 60_000);

  it('keeps numbering across a restart: the held CRL comes back from disk, and the next one is numbered after it', async () => {
    const first = await instance();
    await first.publisher.refresh('tls-rsa', (await revoke(2)).position);
    const second = await first.publisher.refresh('tls-rsa', (await revoke(1)).position);
    expect(second.number).toBe(2);
    expect(readdirSync(join(dir, 'crl')).sort()).toEqual(['tls-rsa.crl', 'tls-rsa.crl.json']);

    // A new process: the same CRL, bytes and all, from disk; no new publication.
    const restarted = await instance();
    const again = await restarted.publisher.current('tls-rsa');
    expect(again).toMatchObject({ number: 2, sha256: second.sha256 });
    expect(await publications()).toHaveLength(2);
    // Without its disk copy, it signs the same publication again: same number, same list.
    const bare = await instance(join(dir, 'elsewhere'));
    const resigned = await bare.publisher.current('tls-rsa');
    expect(resigned.number).toBe(2);
    expect(listed(resigned.der)).toEqual(listed(second.der));

    const { serials, position } = await revoke(1);
    const third = await restarted.publisher.refresh('tls-rsa', position);
    expect(third.number).toBe(3);
    expect(listed(third.der)).toContain(serials[0]);
    // Daily: a day later the held CRL is due, and the download gets the next number.
    clock.advance(24 * HOUR);
    expect((await restarted.publisher.current('tls-rsa')).number).toBe(4);
    expect((await publications()).map((p) => p.number)).toEqual([1, 2, 3, 4]);
  }, 60_000);

  it('reads a CRL stream of the old format (each publication with its bytes) and numbers on from it', async () => {
    const { position } = await revoke(3);
    const old = Array.from({ length: 41 }, (_, i) => ({
      type: 'CrlPublished',
      data: {
        issuerId: 'tls-rsa',
        number: i + 1,
        thisUpdate: new Date(clock.now().getTime() - (41 - i) * 60_000).toISOString(),
        nextUpdate: new Date(clock.now().getTime() + 7 * 24 * HOUR).toISOString(),
        coveredPosition: String(position),
        entries: 3,
        crlDer: Buffer.alloc(30_000, i).toString('base64'),
      },
      metadata: eventMetadata({ at: clock.now(), actor: 'system:crl' }),
    }));
    await store.appendToStream(crlStream('tls-rsa'), old, 'no_stream');

    const { publisher } = await instance();
    const held = await publisher.current('tls-rsa');
    expect(held).toMatchObject({ number: 41, entries: 3 });
    expect(listed(held.der)).toHaveLength(3);
    const next = await publisher.refresh('tls-rsa', (await revoke(1)).position);
    expect(next).toMatchObject({ number: 42, entries: 4 });
    const stored = await publications();
    expect(stored.at(-1)).not.toHaveProperty('crlDer');
    expect(Object.keys(stored.at(-1)!).sort()).toEqual(['coveredPosition', 'entries', 'issuerId', 'nextUpdate', 'number', 'thisUpdate']);
  }, 60_000);

  it('two instances racing never publish two CRLs under one number, and each holds the latest', async () => {
    const a = await instance(join(dir, 'crl-a'));
    const b = await instance(join(dir, 'crl-b'));
    for (let round = 0; round < 5; round++) {
      const { position } = await revoke(2);
      await Promise.all([a.publisher.refresh('tls-rsa', position), b.publisher.refresh('tls-rsa', position)]);
    }
    const numbers = (await publications()).map((p) => p.number);
    expect(numbers).toEqual(numbers.map((_, i) => i + 1));
    const [fromA, fromB] = [await a.publisher.current('tls-rsa'), await b.publisher.current('tls-rsa')];
    expect(fromA.number).toBe(numbers.at(-1));
    expect(fromB.number).toBe(fromA.number);
    expect(listed(fromB.der).sort()).toEqual(listed(fromA.der).sort());
    expect(listed(fromA.der)).toHaveLength(10);
  }, 60_000);

  it('covers a mass revocation with a few CRLs, not one CRL per revocation', async () => {
    const { publisher } = await instance();
    const subscriber = new CrlRefreshSubscriber(store, publisher);
    await subscriber.onApplicationBootstrap();
    open.push({ close: () => subscriber.onApplicationShutdown() });
    const { serials, position } = await revoke(500);
    // Wait for the state, not for a time: the subscriber's checkpoint reaches the last revocation.
    await eventually(async () => (((await store.loadCheckpoint('issuance-crl')) ?? 0n) >= position ? true : undefined), 30_000, 'the CRL subscriber reaching the last revocation');
    const latest = await publisher.current('tls-rsa');
    expect(listed(latest.der).sort()).toEqual([...serials].sort());
    // One at start-up, then the first revocation's CRL takes what was stored by then, and so on: a handful, not 500.
    expect((await publications()).length).toBeLessThan(10);
  }, 60_000);
});
