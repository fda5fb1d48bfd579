import { execFileSync } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Issuance } from '@platform/contracts';
import { SqliteEventStore, aggregateStream } from '@platform/event-store';
import { DomainError, ManualClock } from '@platform/kernel';
import { InProcessBus } from '@platform/messaging';
import type { JWK } from 'jose';
import { AcmeCaches } from '../acme.caches';
import { AcmeCertificates } from '../certificate-record/acme-certificates';
import { thumbprint } from '../http/jws';
import type { Order } from '../http/representations';
import { orderDecider, orderStream } from '../order/order.decider';
import { FinalizeOrder, RESUME_AFTER_MS } from './finalize-order';

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

  it('an order left processing by a finalize that died is taken over after two minutes, with the same request id', async () => {
    const store = SqliteEventStore.open(':memory:');
    const bus = new InProcessBus();
    const clock = new ManualClock(new Date('2026-11-26T00:00:00Z'));
    const certificatePem = openssl('req', '-x509', '-days', '1', ...ec).toString();
    const requests: Issuance.RequestCertificateRequest[] = [];
    await bus.serve(Issuance.RequestCertificate.subject, async (payload) => {
      requests.push(payload as Issuance.RequestCertificateRequest);
      return {
        id: 'c-1', organisationId: 'org-1', status: 'issued', commonName: name, names: [name], serialNumber: '0a', keyAlgorithm: 'ECDSA P-256',
        notBefore: '2026-11-26T00:00:00.000Z', notAfter: '2027-06-13T00:00:00.000Z', requestedBy: 'acme-account:a-1', issuedAt: '2026-11-26T00:00:00.000Z',
        certificatePem, chainPem: certificatePem,
      };
    });
    const meta = { correlationId: 'c', occurredAt: 'x' };
    const orderData = { orderId: 'o-2', accountId: 'a-1', identifiers: [name], authorizations: [{ name, wildcard: false, status: 'valid' as const, token: 't' }], createdAt: 'x', expires: 'y' };
    // The finalize that died: it recorded "processing" with the CSR, then nothing.
    await store.appendToStream(orderStream('o-2'), [
      { type: 'AcmeOrderCreated', data: orderData, metadata: meta },
      { type: 'AcmeOrderProcessing', data: { at: clock.now().toISOString(), csr: 'the CSR PEM' }, metadata: meta },
    ], 'no_stream');
    const finalize = new FinalizeOrder(store, bus, clock, new AcmeCertificates(store), new AcmeCaches());
    const account = { accountId: 'a-1', organisationId: 'org-1', contact: [] } as unknown as Parameters<FinalizeOrder['execute']>[0];
    const current = async () => (await aggregateStream(store, orderStream('o-2'), orderDecider)).state as Order;

    clock.advance(60_000);
    expect(await finalize.resumeIfStale(account, await current(), 'poll-1')).toMatchObject({ status: 'processing' });
    expect(requests).toHaveLength(0);

    clock.advance(RESUME_AFTER_MS);
    const [a, b] = await Promise.all([finalize.resumeIfStale(account, await current(), 'poll-2'), finalize.resumeIfStale(account, await current(), 'poll-3')]);
    expect(requests).toHaveLength(1); // one taker
    expect(requests[0]).toMatchObject({ csr: 'the CSR PEM', requestId: 'acme-order:o-2', organisationId: 'org-1' });
    expect([a.status, b.status].sort()).toEqual(['processing', 'valid']);
    expect(await current()).toMatchObject({ status: 'valid', certificateId: 'c-1' });
    await bus.close();
    await store.close();
  });
  // Issue 18 (6): a CSR for the account's own key went to issuance (Boulder and Pebble refuse it).
  it('refuses a CSR whose key is the account key with badCSR, before anything is recorded or requested', async () => {
    const store = SqliteEventStore.open(':memory:');
    const bus = new InProcessBus();
    let issuances = 0;
    await bus.serve(Issuance.RequestCertificate.subject, async () => {
      issuances++;
      throw new Error('no issuance expected');
    });
    const orderData = { orderId: 'o-3', accountId: 'a-1', identifiers: [name], authorizations: [{ name, wildcard: false, status: 'valid' as const, token: 't' }], createdAt: 'x', expires: 'y' };
    await store.appendToStream(orderStream('o-3'), [{ type: 'AcmeOrderCreated', data: orderData, metadata: { correlationId: 'c', occurredAt: 'x' } }], 'no_stream');
    const ready = (await aggregateStream(store, orderStream('o-3'), orderDecider)).state as Order;
    const keys = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const dir = mkdtempSync(join(tmpdir(), 'finalize-'));
    writeFileSync(join(dir, 'key.pem'), keys.privateKey.export({ type: 'pkcs8', format: 'pem' }));
    const csrFor = (keyFile: string) => openssl('req', '-new', '-outform', 'DER', '-key', keyFile, '-subj', `/CN=${name}`, '-addext', `subjectAltName=DNS:${name}`).toString('base64url');
    const sameKeyCsr = csrFor(join(dir, 'key.pem'));
    rmSync(dir, { recursive: true, force: true });
    const finalize = new FinalizeOrder(store, bus, new ManualClock(new Date('2026-11-26T00:00:00Z')), new AcmeCertificates(store), new AcmeCaches());
    const jwk = keys.publicKey.export({ format: 'jwk' }) as JWK;
    const account = { accountId: 'a-1', organisationId: 'org-1', contact: [], jwk, thumbprint: await thumbprint(jwk) } as unknown as Parameters<FinalizeOrder['execute']>[0];

    await expect(finalize.execute(account, ready, { csr: sameKeyCsr }, 'r1')).rejects.toMatchObject({
      type: 'badCSR',
      code: 'CSR_KEY_IS_ACCOUNT_KEY',
      message: expect.stringContaining('must differ from the account key'),
    });
    expect(issuances).toBe(0);
    expect((await aggregateStream(store, orderStream('o-3'), orderDecider)).state).toMatchObject({ status: 'ready' });
    await bus.close();
    await store.close();
  });
  // Issue 18: a finalize whose issuance answer was lost (a timeout, the request taken over by another
  // instance) failed the order, while issuance still issued and counted the certificate.
  it('keeps the order processing when issuance leaves the outcome open, and the takeover gets the certificate with the same request id', async () => {
    const store = SqliteEventStore.open(':memory:');
    const bus = new InProcessBus();
    const clock = new ManualClock(new Date('2026-11-26T00:00:00Z'));
    const certificatePem = openssl('req', '-x509', '-days', '1', ...ec).toString();
    const answers: (() => never | Record<string, unknown>)[] = [
      () => {
        throw new DomainError('TIMEOUT', 'unavailable', 'issuance.cmd.request-certificate.v1 did not answer within 5000 ms');
      },
      () => ({
        id: 'c-4', organisationId: 'org-1', status: 'issued', commonName: name, names: [name], serialNumber: '0b', keyAlgorithm: 'ECDSA P-256',
        notBefore: '2026-11-26T00:00:00.000Z', notAfter: '2027-06-13T00:00:00.000Z', requestedBy: 'acme-account:a-1', issuedAt: '2026-11-26T00:00:00.000Z',
        certificatePem, chainPem: certificatePem,
      }),
    ];
    const requests: Issuance.RequestCertificateRequest[] = [];
    await bus.serve(Issuance.RequestCertificate.subject, async (payload) => {
      requests.push(payload as Issuance.RequestCertificateRequest);
      return answers[requests.length - 1]() as never;
    });
    const orderData = { orderId: 'o-4', accountId: 'a-1', identifiers: [name], authorizations: [{ name, wildcard: false, status: 'valid' as const, token: 't' }], createdAt: 'x', expires: 'y' };
    await store.appendToStream(orderStream('o-4'), [{ type: 'AcmeOrderCreated', data: orderData, metadata: { correlationId: 'c', occurredAt: 'x' } }], 'no_stream');
    const current = async () => (await aggregateStream(store, orderStream('o-4'), orderDecider)).state as Order;
    const finalize = new FinalizeOrder(store, bus, clock, new AcmeCertificates(store), new AcmeCaches());
    const account = { accountId: 'a-1', organisationId: 'org-1', contact: [] } as unknown as Parameters<FinalizeOrder['execute']>[0];
    const csr = openssl('req', '-new', '-outform', 'DER', ...ec).toString('base64url');

    expect(await finalize.execute(account, await current(), { csr }, 'r1')).toMatchObject({ status: 'processing' });
    expect(await current()).toMatchObject({ status: 'processing' });
    clock.advance(RESUME_AFTER_MS + 1);
    expect(await finalize.resumeIfStale(account, await current(), 'poll')).toMatchObject({ status: 'valid', certificateId: 'c-4' });
    expect(requests.map((r) => r.requestId)).toEqual(['acme-order:o-4', 'acme-order:o-4']);
    await bus.close();
    await store.close();
  });

  it('leaves the order ready for another finalize when issuance could not be reached at all', async () => {
    const store = SqliteEventStore.open(':memory:');
    const bus = new InProcessBus();
    await bus.serve(Issuance.RequestCertificate.subject, async () => {
      throw new DomainError('NO_RESPONDER', 'unavailable', 'no service answers issuance.cmd.request-certificate.v1: is it running?');
    });
    const orderData = { orderId: 'o-5', accountId: 'a-1', identifiers: [name], authorizations: [{ name, wildcard: false, status: 'valid' as const, token: 't' }], createdAt: 'x', expires: 'y' };
    await store.appendToStream(orderStream('o-5'), [{ type: 'AcmeOrderCreated', data: orderData, metadata: { correlationId: 'c', occurredAt: 'x' } }], 'no_stream');
    const ready = (await aggregateStream(store, orderStream('o-5'), orderDecider)).state as Order;
    const finalize = new FinalizeOrder(store, bus, new ManualClock(new Date('2026-11-26T00:00:00Z')), new AcmeCertificates(store), new AcmeCaches());
    const account = { accountId: 'a-1', organisationId: 'org-1', contact: [] } as unknown as Parameters<FinalizeOrder['execute']>[0];
    const csr = openssl('req', '-new', '-outform', 'DER', ...ec).toString('base64url');

    await expect(finalize.execute(account, ready, { csr }, 'r1')).rejects.toMatchObject({ code: 'NO_RESPONDER' });
    expect((await aggregateStream(store, orderStream('o-5'), orderDecider)).state).toMatchObject({ status: 'ready' });
    await bus.close();
    await store.close();
  });
});
