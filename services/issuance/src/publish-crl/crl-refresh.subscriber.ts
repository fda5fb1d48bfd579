import { setTimeout as delay } from 'node:timers/promises';
import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import type { EventStore, RecordedEvent, Subscription } from '@platform/event-store';
import { Ticker } from '@platform/kernel';
import { ISSUER_IDS } from '@platform/pki';
import { type CertificateEvent, issuerIdOf } from '../certificate/certificate.events';
import type { CrlPublishedData } from '../crl/crl.decider';
import { ISSUANCE_STORE } from '../issuance.tokens';
import { CrlPublisher } from './crl-publisher';

const CHECKPOINT = 'issuance-crl';
/** How often the daily freshness is checked; the decision itself comes from the stored CRLs and the clock. */
const TICK_MS = 60_000;
/** A failed refresh (say, the read model slow to apply a mass revocation) is tried again, in order, backing off up to this. */
const MAX_RETRY_MS = 30_000;

/**
 * Regenerates the CRL of the issuing CA within moments of each revocation, and holds the CRLs
 * other instances published (so that each serves the latest from memory): a checkpointed
 * subscription on the issuance store, so a revocation stored just before a crash still reaches
 * its CRL after the restart. The periodic tick only asks "is a CRL due?"; nothing is lost if the
 * process dies, since the next process (or the next CRL download) answers the same question.
 */
@Injectable()
export class CrlRefreshSubscriber implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('CrlRefresh');
  private subscription?: Subscription;
  private readonly ticker = new Ticker(() => this.refreshAll(), (e) => this.logger.error('CRL refresh failed', e as Error));
  private readonly stopping = new AbortController();

  constructor(
    @Inject(ISSUANCE_STORE) private readonly store: EventStore,
    private readonly publisher: CrlPublisher,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const after = await this.store.loadCheckpoint(CHECKPOINT);
    this.subscription = this.store.subscribeToAll((event) => this.handle(event), {
      after,
      onError: (error) => this.logger.error('CRL subscription stopped', error as Error),
    });
    this.ticker.start(TICK_MS, { immediately: true });
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopping.abort();
    await this.subscription?.stop();
    await this.ticker.stop(); // a refresh under way finishes before the stores it uses close
  }

  private async handle(recorded: RecordedEvent): Promise<void> {
    if (recorded.type === 'CrlPublished') {
      // Another instance may have published it: hold it too, so that every instance serves the latest.
      const { issuerId } = recorded.data as CrlPublishedData;
      await this.retrying(`holding CRL ${issuerId} published at ${recorded.position}`, () => this.publisher.refresh(issuerId));
      return;
    }
    if (recorded.type !== 'CertificateRevoked') return;
    const issuerId = issuerIdOf((recorded as unknown as CertificateEvent & { type: 'CertificateRevoked' }).data);
    await this.retrying(`CRL ${issuerId} after the revocation at ${recorded.position}`, () => this.publisher.refresh(issuerId, recorded.position));
    await this.store.saveCheckpoint(CHECKPOINT, recorded.position);
  }

  /** A subscription whose handler throws stops for good: retry instead, so that no revocation is left out of its CRL. */
  private async retrying(what: string, refresh: () => Promise<unknown>): Promise<void> {
    for (let wait = 1000; ; wait = Math.min(wait * 2, MAX_RETRY_MS)) {
      try {
        await refresh();
        return;
      } catch (error) {
        this.logger.error(`${what} failed; trying again in ${wait} ms`, error as Error);
        await delay(wait, undefined, { signal: this.stopping.signal }); // rejects on shutdown: the subscription stops
      }
    }
  }

  private async refreshAll(): Promise<void> {
    for (const issuerId of ISSUER_IDS) {
      await this.publisher.refresh(issuerId).catch((e) => this.logger.error(`CRL refresh of ${issuerId} failed`, e as Error));
    }
  }
}
