import { Inject } from '@nestjs/common';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { IdSchema, type Notifications } from '@platform/contracts';
import { type EventStore, aggregateStream, eventMetadata, handleCommand } from '@platform/event-store';
import { CLOCK, type Clock, DomainError } from '@platform/kernel';
import { NOTIFICATIONS_STORE } from '../../notifications.tokens';
import { OutboxReadModel } from '../../projections/outbox.projection';
import { deliveryDecider, deliveryNotFound } from '../delivery/delivery.decider';
import { deliveryStream } from '../delivery/delivery.events';
import { assertCanManageWebhooks } from '../webhooks.access';
import { webhookDecider, webhookNotFound } from '../webhook/webhook.decider';
import { webhookStream } from '../webhook/webhook.events';
import { deliveryView } from '../webhook/webhook.view';

export class ReplayWebhookDeliveryCommand extends Command<Notifications.ReplayWebhookDeliveryResponse> {
  constructor(readonly input: Notifications.ReplayWebhookDeliveryRequest) {
    super();
  }
}

/** The delivery is due again now; the dispatcher sends it with the same message id and body. */
@CommandHandler(ReplayWebhookDeliveryCommand)
export class ReplayWebhookDeliveryHandler implements ICommandHandler<ReplayWebhookDeliveryCommand> {
  constructor(
    @Inject(NOTIFICATIONS_STORE) private readonly store: EventStore,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly readModel: OutboxReadModel,
  ) {}

  async execute({ input: { actor, organisationId, webhookId, deliveryId } }: ReplayWebhookDeliveryCommand): Promise<Notifications.ReplayWebhookDeliveryResponse> {
    assertCanManageWebhooks(actor, organisationId);
    if (!IdSchema.safeParse(webhookId).success) throw webhookNotFound();
    if (!IdSchema.safeParse(deliveryId).success) throw deliveryNotFound();
    const { state: webhook } = await aggregateStream(this.store, webhookStream(webhookId), webhookDecider);
    if (webhook.status === 'none' || webhook.status === 'deleted' || webhook.webhook.organisationId !== organisationId) throw webhookNotFound();
    if (webhook.status === 'disabled')
      throw new DomainError('WEBHOOK_DISABLED', 'conflict', 'The webhook is disabled: deliveries to it cannot be replayed. Register the endpoint again.');
    const { state: delivery } = await aggregateStream(this.store, deliveryStream(deliveryId), deliveryDecider);
    if (delivery.status === 'none' || delivery.delivery.webhookId !== webhookId) throw deliveryNotFound();
    const at = this.clock.now();
    await handleCommand(this.store, deliveryStream(deliveryId), deliveryDecider, { type: 'ReplayDelivery', by: actor.adminId, at }, eventMetadata({ at, actor: actor.adminId }));
    const row = await this.readModel.delivery(deliveryId);
    if (!row) throw deliveryNotFound();
    return deliveryView(row);
  }
}
