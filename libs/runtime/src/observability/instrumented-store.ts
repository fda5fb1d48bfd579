import {
  type AppendResult,
  type EventHandler,
  type EventStore,
  type ExpectedRevision,
  type NewEvent,
  type ReadAllOptions,
  type ReadStreamOptions,
  type RecordedEvent,
  type SubscribeOptions,
  type Subscription,
  WrongExpectedRevisionError,
} from '@platform/event-store';
import type { PlatformMetrics } from './metrics';

/**
 * A service's event store with its appends timed and its events counted by type; issuance's
 * certificate events also count certificates (by type and method, and revocations by reason).
 */
export class InstrumentedStore implements EventStore {
  constructor(
    private readonly service: string,
    private readonly store: EventStore,
    private readonly metrics: PlatformMetrics,
  ) {}

  async appendToStream(streamId: string, events: NewEvent[], expected: ExpectedRevision): Promise<AppendResult> {
    const end = this.metrics.appends.start();
    const service = this.service;
    let result: AppendResult;
    try {
      result = await this.store.appendToStream(streamId, events, expected);
    } catch (error) {
      end({ service, outcome: error instanceof WrongExpectedRevisionError ? 'conflict' : 'error' });
      throw error;
    }
    end({ service, outcome: 'ok' });
    for (const event of events) this.count(event);
    return result;
  }

  private count(event: NewEvent): void {
    this.metrics.events.inc({ service: this.service, type: event.type });
    if (this.service !== 'issuance') return;
    const data = event.data as { certificateType?: string; method?: string; reason?: string };
    if (event.type === 'CertificateIssued') this.metrics.certificatesIssued.inc({ type: data.certificateType ?? 'ov-ssl', method: data.method ?? 'manual' });
    if (event.type === 'CertificateRevoked') this.metrics.certificatesRevoked.inc({ reason: data.reason ?? 'unspecified' });
  }

  readStream(streamId: string, options?: ReadStreamOptions): Promise<RecordedEvent[]> {
    return this.store.readStream(streamId, options);
  }

  readAll(options: ReadAllOptions): Promise<RecordedEvent[]> {
    return this.store.readAll(options);
  }

  headPosition(): Promise<bigint | undefined> {
    return this.store.headPosition();
  }

  subscribeToAll(handler: EventHandler, options?: SubscribeOptions): Subscription {
    return this.store.subscribeToAll(handler, options);
  }

  loadCheckpoint(name: string): Promise<bigint | undefined> {
    return this.store.loadCheckpoint(name);
  }

  saveCheckpoint(name: string, position: bigint): Promise<void> {
    return this.store.saveCheckpoint(name, position);
  }

  close(): Promise<void> {
    return this.store.close();
  }
}
