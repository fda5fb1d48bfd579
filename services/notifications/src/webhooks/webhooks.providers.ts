import { DeleteWebhookHandler } from './delete-webhook/delete-webhook.handler';
import { WebhookDispatcher } from './deliver/webhook-dispatcher';
import { DisableWebhookHandler } from './disable-webhook/disable-webhook.handler';
import { FanOutWebhooksHandler } from './fan-out/fan-out-webhooks.handler';
import { ListWebhookDeliveriesHandler } from './list-webhook-deliveries/list-webhook-deliveries.handler';
import { ListWebhooksHandler } from './list-webhooks/list-webhooks.handler';
import { RegisterWebhookHandler } from './register-webhook/register-webhook.handler';
import { ReplayWebhookDeliveryHandler } from './replay-webhook-delivery/replay-webhook-delivery.handler';
import { WebhooksNatsController } from './webhooks.nats.controller';

/** Everything of webhooks the notifications module provides (one line there, for the module's other editors). */
export const WEBHOOK_PROVIDERS = [
  WebhooksNatsController,
  RegisterWebhookHandler,
  ListWebhooksHandler,
  DisableWebhookHandler,
  DeleteWebhookHandler,
  ListWebhookDeliveriesHandler,
  ReplayWebhookDeliveryHandler,
  FanOutWebhooksHandler,
  WebhookDispatcher,
];
