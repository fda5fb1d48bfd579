/** The CRL subscriber over a real (SQLite) store: a failed refresh is tried again, not the end of the subscription. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteEventStore, eventMetadata } from '@platform/event-store';
import { eventually } from '@platform/testing';
import type { CrlPublisher } from './crl-publisher';
import { CrlRefreshSubscriber } from './crl-refresh.subscriber';

describe('CRL refresh subscriber', () => {
  const dir = mkdtempSync(join(tmpdir(), 'crl-subscriber-int-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('retries a refresh that failed (say, the read model too slow) and then saves its checkpoint', async () => {
    const store = SqliteEventStore.open(join(dir, 'events.db'));
    const calls: Array<[string, bigint | undefined]> = [];
    let failures = 1;
    const publisher = {
      refresh: async (issuerId: string, position?: bigint) => {
        calls.push([issuerId, position]);
        if (position !== undefined && failures-- > 0) throw new Error('projection wait timed out');
      },
    } as unknown as CrlPublisher;
    const subscriber = new CrlRefreshSubscriber(store, publisher);
    await subscriber.onApplicationBootstrap();
    try {
      const data = { certificateId: 'c-1', organisationId: 'o-1', serialNumber: '0a', issuedAt: '', reason: 'unspecified', revokedAt: '', revokedBy: 'a', issuerId: 'smime' };
      const { position } = await store.appendToStream('certificate-c-1', [{ type: 'CertificateRevoked', data, metadata: eventMetadata({ at: new Date() }) }], 'any');
      // Wait for the state (the checkpoint), polling: the retry comes a second after the failure.
      await eventually(async () => ((await store.loadCheckpoint('issuance-crl')) === position ? true : undefined), 10_000, `the checkpoint reaching ${position}`);
      expect(calls.filter(([, p]) => p === position)).toEqual([
        ['smime', position],
        ['smime', position],
      ]);
    } finally {
      await subscriber.onApplicationShutdown();
      await store.close();
    }
  });
});
