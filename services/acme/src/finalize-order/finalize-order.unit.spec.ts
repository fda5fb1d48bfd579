import { execFileSync } from 'node:child_process';
import { Issuance } from '@platform/contracts';
import { SqliteEventStore, aggregateStream } from '@platform/event-store';
import { ManualClock } from '@platform/kernel';
import { InProcessBus } from '@platform/messaging';
import { AcmeCaches } from '../acme.caches';
import { AcmeCertificates } from '../certificate-record/acme-certificates';
import type { Order } from '../http/representations';
import { orderDecider, orderStream } from '../order/order.decider';
import { FinalizeOrder } from './finalize-order';

const name = 'once.example.ac.uk';
const openssl = (...args: string[]) => execFileSync('openssl', args, { stdio: ['ignore', 'pipe', 'ignore'] });
const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', '/dev/null', '-subj', `/CN=${name}`, '-addext', `subjectAltName=DNS:${name}`];

describe('finalize', () => {
  it('runs one issuance when two finalize requests for the same ready order overlap; the other answers "processing"', async () => {
    const store = SqliteEventStore.open(':memory:');
    const bus = new InProcessBus();
    const clock = new ManualClock(new Date('2026-11-26T00:00:00Z'));
    const certificatePem = openssl('req', '-x509', '-days', '1', ...ec).toString();
    let issuances = 0;
    await bus.serve(Issuance.RequestCertificate.subject, async () => {
      issuances++;
      await new Promise((r) => setTimeout(r, 50)); // the signing takes a while: the second request arrives meanwhile
      return {
        id: 'c-1', organisationId: 'org-1', status: 'issued', commonName: name, names: [name], serialNumber: '01', keyAlgorithm: 'ECDSA P-256',
        notBefore: '2026-11-26T00:00:00.000Z', notAfter: '2027-06-13T00:00:00.000Z', requestedBy: 'acme-account:a-1', issuedAt: '2026-11-26T00:00:00.000Z',
        certificatePem, chainPem: certificatePem,
      };
    });
    const orderData = { orderId: 'o-1', accountId: 'a-1', identifiers: [name], authorizations: [{ name, wildcard: false, status: 'valid' as const, token: 't' }], createdAt: 'x', expires: 'y' };
    await store.appendToStream(orderStream('o-1'), [{ type: 'AcmeOrderCreated', data: orderData, metadata: { correlationId: 'c', occurredAt: 'x' } }], 'no_stream');
    const ready = (await aggregateStream(store, orderStream('o-1'), orderDecider)).state as Order;
    const finalize = new FinalizeOrder(store, bus, clock, new AcmeCertificates(store), new AcmeCaches());
    const account = { accountId: 'a-1', organisationId: 'org-1', contact: [] } as unknown as Parameters<FinalizeOrder['execute']>[0];
    const csr = openssl('req', '-new', '-outform', 'DER', ...ec).toString('base64url');

    // Both read the order while it was ready, as two instances (or a client retry) would.
    const [first, second] = await Promise.all([finalize.execute(account, ready, { csr }, 'r1'), finalize.execute(account, ready, { csr }, 'r2')]);
    expect(issuances).toBe(1);
    expect([first.status, second.status].sort()).toEqual(['processing', 'valid']);
    expect((await aggregateStream(store, orderStream('o-1'), orderDecider)).state).toMatchObject({ status: 'valid', certificateId: 'c-1' });
    await bus.close();
    await store.close();
  });
});
