import { Query, QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import type { Notifications } from '@platform/contracts';
import { OutboxReadModel } from '../../projections/outbox.projection';
import { assertCanManageWebhooks } from '../webhooks.access';
import { webhookView } from '../webhook/webhook.view';

export class ListWebhooksQuery extends Query<Notifications.ListWebhooksResponse> {
  constructor(readonly input: Notifications.ListWebhooksRequest) {
    super();
  }
}

@QueryHandler(ListWebhooksQuery)
export class ListWebhooksHandler implements IQueryHandler<ListWebhooksQuery> {
  constructor(private readonly readModel: OutboxReadModel) {}

  async execute({ input }: ListWebhooksQuery): Promise<Notifications.ListWebhooksResponse> {
    assertCanManageWebhooks(input.actor, input.organisationId);
    return { items: (await this.readModel.webhooks(input.organisationId)).map(webhookView) };
  }
}
