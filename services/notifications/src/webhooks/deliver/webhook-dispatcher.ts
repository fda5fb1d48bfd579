import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { type EventStore, aggregateStream, eventMetadata, handleCommand } from '@platform/event-store';
import { CLOCK, type Clock, Ticker } from '@platform/kernel';
import { NOTIFICATIONS_CONFIG, NOTIFICATIONS_STORE, type NotificationsConfig } from '../../notifications.tokens';
import { OutboxReadModel } from '../../projections/outbox.projection';
import { deliveryDecider } from '../delivery/delivery.decider';
import { deliveryStream } from '../delivery/delivery.events';
import { openSecret, signatureOf } from '../webhook-signing';
import { webhookDecider } from '../webhook/webhook.decider';
import { webhookStream } from '../webhook/webhook.events';
import { webhookConfig } from '../webhooks.config';
import { WebhookClient } from './webhook-client';

const PAGE = 20;

/**
 * Attempts the deliveries that are due. The timer only says "look now": what is due is each delivery's
 * next attempt time, kept in its events, so a restart resumes the retries at their times. Every attempt
 * is recorded (status, error, duration) and decides the next one from the retry schedule. Two instances
 * may both attempt one delivery (at least once): receivers deduplicate by the `webhook-id` header.
 */
@Injectable()
export class WebhookDispatcher implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(WebhookDispatcher.name);
  private readonly ticker = new Ticker(() => this.dispatchOnce(), (e) => this.logger.error('webhook dispatch failed', e as Error));
  private client?: WebhookClient;

  constructor(
    @Inject(NOTIFICATIONS_STORE) private readonly store: EventStore,
    @Inject(NOTIFICATIONS_CONFIG) private readonly config: NotificationsConfig,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly readModel: OutboxReadModel,
  ) {}

  onApplicationBootstrap(): void {
    if (!this.config.secret) return; // a module without its secret (some unit tests) has no webhooks to deliver
    const { webhooks } = webhookConfig(this.config);
    this.client = new WebhookClient(webhooks);
    if (webhooks.dispatchIntervalMs > 0) this.ticker.start(webhooks.dispatchIntervalMs);
  }

  onApplicationShutdown(): Promise<void> {
    return this.ticker.stop();
  }

  /** One pass at a time; a call during a pass waits for it. Answers how many attempts it made. */
  dispatch(): Promise<number> {
    return this.ticker.tick();
  }

  private async dispatchOnce(): Promise<number> {
    if (!this.client) return 0;
    const now = this.clock.now();
    await this.readModel.caughtUp({ projections: ['webhooks'] });
    const due = await this.readModel.deliveriesDue(now, PAGE);
    let attempts = 0;
    for (const { id } of due) if (await this.attempt(id, now)) attempts++;
    return attempts;
  }

  private async attempt(deliveryId: string, now: Date): Promise<boolean> {
    const { state } = await aggregateStream(this.store, deliveryStream(deliveryId), deliveryDecider);
    if (state.status !== 'pending' || !state.nextAttemptAt || Date.parse(state.nextAttemptAt) > now.getTime()) return false;
    const { delivery } = state;
    const { state: endpoint } = await aggregateStream(this.store, webhookStream(delivery.webhookId), webhookDecider);
    const metadata = eventMetadata({ at: now, actor: 'system:webhooks', causationId: deliveryId });
    if (endpoint.status !== 'active') {
      const reason = `the webhook was ${endpoint.status === 'disabled' ? 'disabled' : 'deleted'}`;
      await handleCommand(this.store, deliveryStream(deliveryId), deliveryDecider, { type: 'CancelDelivery', reason, at: now }, metadata);
      return false;
    }
    const { webhooks, secret } = webhookConfig(this.config);
    const timestamp = Math.floor(now.getTime() / 1000);
    const signature = signatureOf(openSecret(secret, endpoint.webhook.secretSealed), delivery.messageId, timestamp, delivery.body);
    const result = await this.client!.post(
      endpoint.webhook.url,
      { 'webhook-id': delivery.messageId, 'webhook-timestamp': String(timestamp), 'webhook-signature': signature },
      delivery.body,
    );
    await handleCommand(this.store, deliveryStream(deliveryId), deliveryDecider, { type: 'RecordAttempt', at: now, ...result, retryDelaysMs: webhooks.retryDelaysMs }, metadata);
    return true;
  }
}
