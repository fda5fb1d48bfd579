import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { Ticker } from '@platform/kernel';
import type { EventStore } from '@platform/event-store';
import { VALIDATION_CONFIG, VALIDATION_STORE } from '../validation.tokens';
import type { ValidationConfig } from '../validation.config';
import { VALIDATION_STREAM_PREFIX } from '../validation/validation.events';
import { ValidationWriter } from '../validation/validation.writer';

const PAGE = 1000;

/**
 * Records the expiry notices due, organisation by organisation. The timer only says "look now";
 * what is due comes from each stream and the clock, so a restart or a second instance loses or
 * doubles nothing (the decider skips notices already given; appends are optimistic).
 */
@Injectable()
export class ExpiryNoticeSweeper implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(ExpiryNoticeSweeper.name);
  private readonly organisations = new Set<string>();
  private readAfter?: bigint;
  private readonly ticker = new Ticker(() => this.sweepOnce(), (e) => this.logger.error('expiry notice sweep failed', e as Error));

  constructor(
    @Inject(VALIDATION_STORE) private readonly store: EventStore,
    @Inject(VALIDATION_CONFIG) private readonly config: ValidationConfig,
    private readonly writer: ValidationWriter,
  ) {}

  onApplicationBootstrap(): void {
    if (this.config.sweepIntervalMs <= 0) return;
    this.ticker.start(this.config.sweepIntervalMs);
  }

  onApplicationShutdown(): Promise<void> {
    return this.ticker.stop();
  }

  /** One sweep at a time; a call during a sweep waits for it. */
  sweep(): Promise<{ organisations: number; notices: number }> {
    return this.ticker.tick();
  }

  private async sweepOnce(): Promise<{ organisations: number; notices: number }> {
    await this.discoverOrganisations();
    let notices = 0;
    for (const organisationId of this.organisations) {
      const before = Object.keys((await this.writer.read(organisationId)).noticed).length;
      const { state } = await this.writer.execute({ type: 'RecordExpiryNotices', organisationId, by: 'system:validation' });
      notices += Object.keys(state.noticed).length - before;
    }
    return { organisations: this.organisations.size, notices };
  }

  /** The organisations with a validation stream, read incrementally from the store's log. */
  private async discoverOrganisations(): Promise<void> {
    for (;;) {
      const events = await this.store.readAll({ after: this.readAfter, maxCount: PAGE });
      for (const e of events) if (e.streamId.startsWith(VALIDATION_STREAM_PREFIX)) this.organisations.add(e.streamId.slice(VALIDATION_STREAM_PREFIX.length));
      if (events.length > 0) this.readAfter = events[events.length - 1].position;
      if (events.length < PAGE) return;
    }
  }
}
