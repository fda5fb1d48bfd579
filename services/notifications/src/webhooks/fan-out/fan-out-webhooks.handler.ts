import { Inject } from '@nestjs/common';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { Notifications } from '@platform/contracts';
import { type EventStore, eventMetadata, handleCommand } from '@platform/event-store';
import { CLOCK, type Clock, derivedId } from '@platform/kernel';
import { NOTIFICATIONS_STORE } from '../../notifications.tokens';
import { OutboxReadModel } from '../../projections/outbox.projection';
import { deliveryDecider } from '../delivery/delivery.decider';
import { deliveryStream } from '../delivery/delivery.events';

/** One platform event for the organisation's endpoints; `sourceId` names it (an event id), so doing it again delivers nothing twice. */
export class FanOutWebhooksCommand extends Command<void> {
  constructor(
    readonly organisationId: string,
    readonly eventType: Notifications.WebhookEventType,
    readonly sourceId: string,
    readonly data: Record<string, unknown>,
  ) {
    super();
  }
}

/**
 * A delivery per active endpoint that asked for the event type. The payload has Standard Webhooks'
 * shape (`type`, `timestamp`, `data`) and is stored as sent, so a retry or a replay sends the same bytes.
 */
@CommandHandler(FanOutWebhooksCommand)
export class FanOutWebhooksHandler implements ICommandHandler<FanOutWebhooksCommand> {
  constructor(
    @Inject(NOTIFICATIONS_STORE) private readonly store: EventStore,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly readModel: OutboxReadModel,
  ) {}

  async execute({ organisationId, eventType, sourceId, data }: FanOutWebhooksCommand): Promise<void> {
    const endpoints = (await this.readModel.webhooks(organisationId)).filter((w) => w.status === 'active' && w.eventTypes.split(',').includes(eventType));
    const at = this.clock.now();
    for (const endpoint of endpoints) {
      const deliveryId = derivedId('webhook-delivery', endpoint.id, sourceId);
      const delivery = {
        deliveryId,
        webhookId: endpoint.id,
        organisationId,
        eventType,
        messageId: `msg_${deliveryId.replace(/-/g, '')}`,
        body: JSON.stringify({ type: eventType, timestamp: at.toISOString(), data }),
        createdAt: at.toISOString(),
      };
      await handleCommand(this.store, deliveryStream(deliveryId), deliveryDecider, { type: 'CreateDelivery', delivery }, eventMetadata({ at, actor: 'system:notifications', causationId: sourceId }));
    }
  }
}
