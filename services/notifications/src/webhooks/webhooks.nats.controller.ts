import { Injectable } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { Notifications } from '@platform/contracts';
import { OnRequest } from '@platform/messaging';
import { DeleteWebhookCommand } from './delete-webhook/delete-webhook.handler';
import { DisableWebhookCommand } from './disable-webhook/disable-webhook.handler';
import { ListWebhookDeliveriesQuery } from './list-webhook-deliveries/list-webhook-deliveries.handler';
import { ListWebhooksQuery } from './list-webhooks/list-webhooks.handler';
import { RegisterWebhookCommand } from './register-webhook/register-webhook.handler';
import { ReplayWebhookDeliveryCommand } from './replay-webhook-delivery/replay-webhook-delivery.handler';

/** Webhook requests from the gateway → commands and queries. Translation only. */
@Injectable()
export class WebhooksNatsController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @OnRequest(Notifications.RegisterWebhook)
  register(input: Notifications.RegisterWebhookRequest) {
    return this.commands.execute(new RegisterWebhookCommand(input));
  }

  @OnRequest(Notifications.ListWebhooks)
  list(input: Notifications.ListWebhooksRequest) {
    return this.queries.execute(new ListWebhooksQuery(input));
  }

  @OnRequest(Notifications.DisableWebhook)
  disable(input: Notifications.DisableWebhookRequest) {
    return this.commands.execute(new DisableWebhookCommand(input));
  }

  @OnRequest(Notifications.DeleteWebhook)
  delete(input: Notifications.DeleteWebhookRequest) {
    return this.commands.execute(new DeleteWebhookCommand(input));
  }

  @OnRequest(Notifications.ListWebhookDeliveries)
  deliveries(input: Notifications.ListWebhookDeliveriesRequest) {
    return this.queries.execute(new ListWebhookDeliveriesQuery(input));
  }

  @OnRequest(Notifications.ReplayWebhookDelivery)
  replay(input: Notifications.ReplayWebhookDeliveryRequest) {
    return this.commands.execute(new ReplayWebhookDeliveryCommand(input));
  }
}
