import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { type EventStore, aggregateStream, eventMetadata, handleCommand } from '@platform/event-store';
import { CLOCK, type Clock, Ticker } from '@platform/kernel';
import { certificateDecider } from '../certificate/certificate.decider';
import { certificateStream } from '../certificate/certificate.events';
import { ISSUANCE_RESUME_INTERVAL_MS, ISSUANCE_STORE } from '../issuance.tokens';
import { CertificateRequestProcess, REQUEST_LEASE_MS } from './certificate-request.process';
import { PendingRequestsReadModel } from './pending-requests.read-model';

/**
 * Finishes what a crashed (or stalled) instance left: every few seconds, and at start, the requests
 * whose owner's lease ran out are taken over (an expected-revision append, so one instance wins) and
 * driven on: confirmed and signed while billing still holds the unit, else recorded as failed; units
 * that failed requests could not give back (the bus was down) are given back until billing answers.
 * Derived from stored state only: nothing is lost with a process, and any instance may do it.
 */
@Injectable()
export class RequestResumer implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('RequestResumer');
  private readonly ticker = new Ticker(() => this.runOnce(), (error) => this.logger.error('resuming requests failed; the next tick retries', error as Error));

  constructor(
    @Inject(ISSUANCE_STORE) private readonly store: EventStore,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(ISSUANCE_RESUME_INTERVAL_MS) private readonly intervalMs: number,
    private readonly process: CertificateRequestProcess,
    private readonly pending: PendingRequestsReadModel,
  ) {}

  onApplicationBootstrap(): void {
    this.ticker.start(this.intervalMs, { immediately: true });
  }

  onApplicationShutdown(): Promise<void> {
    return this.ticker.stop();
  }

  /** Drives every due request on; returns how many it settled. Ticks never overlap. */
  tick(): Promise<number> {
    return this.ticker.tick();
  }

  private async runOnce(): Promise<number> {
    let settled = 0;
    for (const row of await this.pending.due(this.clock.now()))
      settled += await this.resume(row.id).then(
        (done) => (done ? 1 : 0),
        (error) => {
          this.logger.warn(`request ${row.id} not settled yet: ${(error as Error).message}`);
          return 0;
        },
      );
    return settled;
  }

  /** true when the request ended here (issued, failed, or its unit given back). */
  private async resume(certificateId: string): Promise<boolean> {
    const stream = certificateStream(certificateId);
    const known = await aggregateStream(this.store, stream, certificateDecider);
    const at = this.clock.now();
    const metadata = eventMetadata({ at, actor: 'system:issuance-resumer', correlationId: `resume-${certificateId}` });
    const { state } = known;
    if (state.status === 'failed' && state.unitHeld) {
      const { organisationId } = state.request;
      if (!(await this.process.giveBack(organisationId, certificateId, { headers: { correlationId: metadata.correlationId } }))) return false;
      await handleCommand(this.store, stream, certificateDecider, { type: 'RecordUnitReturned', at }, metadata, { assume: known });
      return true;
    }
    if (state.status !== 'requested') return false;
    const taken = await handleCommand(
      this.store,
      stream,
      certificateDecider,
      { type: 'ResumeRequest', owner: this.process.owner, at, leaseMs: REQUEST_LEASE_MS },
      metadata,
      { assume: known },
    );
    // Still leased (the read model was behind), finished meanwhile, or another instance took it.
    if (taken.newEvents.length === 0 || taken.state.status !== 'requested' || taken.state.lease.owner !== this.process.owner) return false;
    this.logger.log(`resuming request ${certificateId} (its owner's lease ran out)`);
    // complete() records a failure itself (RESERVATION_LAPSED when the unit is gone).
    await this.process.complete({ state: taken.state, revision: taken.revision }, metadata.correlationId).catch(() => undefined);
    return true;
  }
}
