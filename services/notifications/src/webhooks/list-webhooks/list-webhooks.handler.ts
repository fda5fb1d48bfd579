import { Inject } from '@nestjs/common';
import { Query, QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { Identity, type Notifications } from '@platform/contracts';
import { isOperator } from '@platform/kernel';
import { MESSAGE_BUS, type MessageBus, sendRequest } from '@platform/messaging';
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
  constructor(
    private readonly readModel: OutboxReadModel,
    @Inject(MESSAGE_BUS) private readonly bus: MessageBus,
  ) {}

  async execute({ input }: ListWebhooksQuery): Promise<Notifications.ListWebhooksResponse> {
    assertCanManageWebhooks(input.actor, input.organisationId);
    // An operator asking about an organisation identity does not know gets 404, not an empty list.
    if (isOperator(input.actor)) await sendRequest(this.bus, Identity.GetOrganisation, { actor: input.actor, organisationId: input.organisationId });
    return { items: (await this.readModel.webhooks(input.organisationId)).map(webhookView) };
  }
}
