/**
 * A large CRL between issuance instances and the gateway over a real NATS server (1 MiB messages by
 * default): two instances hold CRL #1 of the ECDSA CA, each with its own signature, and the gateway
 * still gets the exact bytes one of them named, in parts, and openssl verifies them.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { Issuance } from '@platform/contracts';
import { type EventStore, SqliteEventStore } from '@platform/event-store';
import { CrlCopies } from '@platform/gateway';
import { CertificateListProjection, CrlPublisher } from '@platform/issuance';
import { ManualClock } from '@platform/kernel';
import { type Closeable, NatsBus, sendRequest, serveRequest } from '@platform/messaging';
import { CertificateAuthority } from '@platform/pki';
import { type TestNatsServer, startNatsServer } from '@platform/testing';

const ENTRIES = 40_000; // 16-byte serials: ~1.4 MiB of DER, more than one NATS message
const DAY = 86_400_000;

describe('a CRL larger than a NATS message, from two issuance instances to the gateway', () => {
  const dir = mkdtempSync(join(tmpdir(), 'crl-transfer-'));
  const clock = new ManualClock(new Date());
  let nats: TestNatsServer;
  let store: EventStore;
  const closing: Array<() => Promise<void>> = [];

  /** One issuance instance: its own read model (seeded with the same revoked entries), CRL side served on NATS in the issuance queue group. */
  async function issuanceInstance(name: string, ca: CertificateAuthority): Promise<CrlPublisher> {
    const filename = join(dir, `read-${name}.db`);
    const readModel = new CertificateListProjection(store, { kind: 'sqlite', filename });
    await readModel.onModuleInit();
    closing.push(() => readModel.onApplicationShutdown());
    const db = new Database(filename);
    const insert = db.prepare('insert into certificate_status (id, serial_number, issuer_id, public_key_sha256, not_after, revoked_at, reason) values (?, ?, ?, ?, ?, ?, ?)');
    db.transaction(() => {
      for (let i = 0; i < ENTRIES; i++) insert.run(`c-${i}`, `7${i.toString(16).padStart(31, '0')}`, 'tls-ecdsa', `k-${i}`, clock.now().getTime() + 90 * DAY, clock.now().getTime() - i * 1000, 'unspecified');
    })();
    db.close();
    const publisher = new CrlPublisher(store, ca, clock, { publicUrl: 'http://127.0.0.1' }, readModel);
    const bus = await NatsBus.connect({ servers: nats.url, name: `issuance-${name}` });
    closing.push(() => bus.close());
    const served: Closeable[] = [
      await serveRequest(bus, Issuance.GetCrl, async ({ issuerId }) => {
        const crl = await publisher.current(issuerId);
        return { crlDer: crl.der.toString('base64'), number: crl.number, thisUpdate: crl.thisUpdate, nextUpdate: crl.nextUpdate };
      }, { queue: 'issuance' }),
      await serveRequest(bus, Issuance.GetCrlInfo, async ({ issuerId }) => {
        const { number, thisUpdate, nextUpdate, sha256 } = await publisher.current(issuerId);
        return { number, thisUpdate, nextUpdate, sha256 };
      }, { queue: 'issuance' }),
      await serveRequest(bus, Issuance.GetCrlPart, async ({ issuerId, sha256, offset }) => {
        const { der } = publisher.heldBytes(issuerId, sha256);
        return { totalBytes: der.length, partDer: der.subarray(offset, offset + Issuance.CRL_PART_BYTES).toString('base64') };
      }, { queue: 'issuance' }),
    ];
    closing.push(async () => void (await Promise.all(served.map((s) => s.close()))));
    return publisher;
  }

  beforeAll(async () => {
    nats = await startNatsServer();
    store = SqliteEventStore.open(join(dir, 'events.db'));
  });

  afterAll(async () => {
    for (const close of closing.reverse()) await close();
    await store?.close();
    await nats?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('the gateway assembles the bytes one instance named; the whole CRL in one message is refused by NATS', async () => {
    const ca = await CertificateAuthority.loadOrCreate({ dir: join(dir, 'ca'), passphrase: 'crl transfer test' });
    const a = await issuanceInstance('a', ca);
    const b = await issuanceInstance('b', ca);
    const fromA = await a.refresh('tls-ecdsa'); // publishes #1
    const fromB = await b.refresh('tls-ecdsa'); // holds #1, signed again
    expect([fromA.number, fromB.number]).toEqual([1, 1]);
    expect(fromA.entries).toBe(ENTRIES);
    expect(fromB.sha256).not.toBe(fromA.sha256); // ECDSA: another signature of the same list
    expect(fromA.der.length).toBeGreaterThan(1024 * 1024);

    const gatewayBus = await NatsBus.connect({ servers: nats.url, name: 'gateway' });
    closing.push(() => gatewayBus.close());
    // What the gateway did before: the whole CRL, base64, in one reply. NATS refuses it.
    await expect(sendRequest(gatewayBus, Issuance.GetCrl, { issuerId: 'tls-ecdsa' })).rejects.toThrow();

    for (let round = 0; round < 3; round++) {
      const copy = await new CrlCopies(gatewayBus, clock).current('tls-ecdsa');
      expect(copy.number).toBe(1);
      expect([fromA.der, fromB.der].some((der) => der.equals(copy.der))).toBe(true);
    }
    const copy = await new CrlCopies(gatewayBus, clock).current('tls-ecdsa');
    writeFileSync(join(dir, 'crl.der'), copy.der);
    writeFileSync(join(dir, 'chain.pem'), ca.issuers.find((i) => i.id === 'tls-ecdsa')!.chainPem);
    const verified = execFileSync('openssl', ['crl', '-inform', 'DER', '-in', join(dir, 'crl.der'), '-CAfile', join(dir, 'chain.pem'), '-verify', '-noout'], {
      stdio: ['ignore', 'pipe', 'pipe'],
      encoding: 'utf8',
    });
    expect(verified).toBe('');
  }, 120_000);
});
