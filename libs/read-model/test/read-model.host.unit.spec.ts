import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type EventStore, SqliteEventStore } from '@platform/event-store';
import { ReadModelHost, type ReadModelDbConfig } from '../src';
import { CertificateListProjection, appendAll, issued } from './certificate-list.fixture';
import { certificateRows } from './harness';

class ListingHost extends ReadModelHost {
  constructor(store: EventStore, config: ReadModelDbConfig) {
    super(store, config, [new CertificateListProjection()]);
  }
  rows() {
    return certificateRows(this.orm);
  }
}

describe('ReadModelHost', () => {
  it('opens the projections\' tables, feeds them, answers waitFor, and closes runner then ORM', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'read-model-host-'));
    const store = SqliteEventStore.open(':memory:');
    const host = new ListingHost(store, { kind: 'sqlite', filename: join(dir, 'read.db') });
    try {
      expect(() => host.waitFor(1n)).toThrow(/not open yet/);
      await host.onModuleInit();
      const [event] = await appendAll(store, [issued('c1', 'org-a', ['a.example'])]);
      await host.waitFor(event.position);
      expect((await host.rows()).map((r) => r.id)).toEqual(['c1']);
    } finally {
      await host.onApplicationShutdown();
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
