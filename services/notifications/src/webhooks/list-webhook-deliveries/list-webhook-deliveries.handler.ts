import { Inject } from '@nestjs/common';
import { Query, QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { IdSchema, type Notifications } from '@platform/contracts';
import { type EventStore, aggregateStream } from '@platform/event-store';
import { NOTIFICATIONS_STORE } from '../../notifications.tokens';
import { OutboxReadModel } from '../../projections/outbox.projection';
import { assertCanManageWebhooks } from '../webhooks.access';
import { webhookDecider, webhookNotFound } from '../webhook/webhook.decider';
import { webhookStream } from '../webhook/webhook.events';
import { deliveryView } from '../webhook/webhook.view';

export class ListWebhookDeliveriesQuery extends Query<Notifications.ListWebhookDeliveriesResponse> {
  constructor(readonly input: Notifications.ListWebhookDeliveriesRequest) {
    super();
  }
}

/** Deliveries of an endpoint of the organisation (a deleted one's too: 404 only for what never was the organisation's). */
@QueryHandler(ListWebhookDeliveriesQuery)
export class ListWebhookDeliveriesHandler implements IQueryHandler<ListWebhookDeliveriesQuery> {
  constructor(
    @Inject(NOTIFICATIONS_STORE) private readonly store: EventStore,
    private readonly readModel: OutboxReadModel,
  ) {}

  async execute({ input: { actor, organisationId, webhookId, limit } }: ListWebhookDeliveriesQuery): Promise<Notifications.ListWebhookDeliveriesResponse> {
    assertCanManageWebhooks(actor, organisationId);
    if (!IdSchema.safeParse(webhookId).success) throw webhookNotFound();
    const { state } = await aggregateStream(this.store, webhookStream(webhookId), webhookDecider);
    if (state.status === 'none' || state.webhook.organisationId !== organisationId) throw webhookNotFound();
    return { items: (await this.readModel.deliveries(webhookId, limit)).map(deliveryView) };
  }
}
