import { randomBytes } from 'node:crypto';
import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { eventMetadata } from '@platform/event-store';
import { CLOCK, type Clock, Ticker } from '@platform/kernel';
import { BILLING_SCHEDULER_INTERVAL_MS } from '../billing.tokens';
import { BillingReadModel } from '../projections/billing.read-model';
import { SubscriptionCommands } from '../subscription/subscription.commands';
import { RESERVATION_TIMEOUT_MS } from '../subscription/subscription.schedule';

/**
 * Reminders, automatic renewals, suspensions and stale reservations. Nothing is kept in timers: each
 * tick asks the read model which subscriptions have a due date at or before the injected clock's now,
 * and sends each a CatchUp command, which records what is due from the aggregate's own state (so a
 * second tick, another instance or a restart records nothing twice).
 */
@Injectable()
export class BillingScheduler implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('BillingScheduler');
  private readonly ticker = new Ticker(() => this.runOnce(), (error) => this.logger.error('scheduler tick failed; the next one retries', error as Error));

  constructor(
    private readonly readModel: BillingReadModel,
    private readonly subscriptions: SubscriptionCommands,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(BILLING_SCHEDULER_INTERVAL_MS) private readonly intervalMs: number,
  ) {}

  onApplicationBootstrap(): void {
    this.ticker.start(this.intervalMs);
  }

  onApplicationShutdown(): Promise<void> {
    return this.ticker.stop();
  }

  /** Records everything due now; returns how many subscriptions had something recorded. Ticks never overlap. */
  tick(): Promise<number> {
    return this.ticker.tick();
  }

  private async runOnce(): Promise<number> {
    const now = this.clock.now();
    const due = await this.readModel.dueOrganisations(now, new Date(now.getTime() - RESERVATION_TIMEOUT_MS));
    let changed = 0;
    for (const organisationId of due) {
      // A fresh token per attempt; it is stored only if a reminder is recorded now.
      const renewalToken = `${organisationId}.${randomBytes(18).toString('base64url')}`;
      const { newEvents, position } = await this.subscriptions.handle(
        organisationId,
        { type: 'CatchUp', at: now, renewalToken },
        eventMetadata({ at: now, actor: 'system:billing-scheduler' }),
      );
      // Wait for the index (only: the invoices are not its business) to move its due date, so the
      // next tick does not pick the same row again.
      if (position !== undefined) await this.readModel.indexReached(position);
      if (newEvents.length > 0) changed++;
    }
    return changed;
  }
}
