import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import type { EventStore, RecordedEvent, Subscription } from '@platform/event-store';
import { ISSUER_IDS } from '@platform/pki';
import { type CertificateEvent, issuerIdOf } from '../certificate/certificate.events';
import type { CrlPublishedData } from '../crl/crl.decider';
import { ISSUANCE_STORE } from '../issuance.tokens';
import { CrlPublisher } from './crl-publisher';

const CHECKPOINT = 'issuance-crl';
/** How often the daily freshness is checked; the decision itself comes from the stored CRLs and the clock. */
const TICK_MS = 60_000;

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
  private timer?: NodeJS.Timeout;

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
    this.timer = setInterval(() => void this.refreshAll(), TICK_MS);
    this.timer.unref();
    void this.refreshAll();
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.subscription?.stop();
  }

  private async handle(recorded: RecordedEvent): Promise<void> {
    if (recorded.type === 'CrlPublished') {
      // Another instance may have published it: hold it too, so that every instance serves the latest.
      await this.publisher.refresh((recorded.data as CrlPublishedData).issuerId);
      return;
    }
    if (recorded.type !== 'CertificateRevoked') return;
    const event = recorded as unknown as CertificateEvent & { type: 'CertificateRevoked' };
    await this.publisher.refresh(issuerIdOf(event.data), recorded.position);
    await this.store.saveCheckpoint(CHECKPOINT, recorded.position);
  }

  private async refreshAll(): Promise<void> {
    for (const issuerId of ISSUER_IDS) {
      await this.publisher.refresh(issuerId).catch((e) => this.logger.error(`CRL refresh of ${issuerId} failed`, e as Error));
    }
  }
}
