import type { EntityManager } from '@mikro-orm/knex';
import type { RecordedEvent } from '@platform/event-store';
import type { Projection } from '@platform/read-model';
import type { DeliveryEvent } from '../webhooks/delivery/delivery.events';
import type { WebhookEvent } from '../webhooks/webhook/webhook.events';
import { DeliveryRowSchema, WebhookRowSchema } from './webhook-rows.entity';

const TYPES = new Set([
  'WebhookRegistered',
  'WebhookDisabled',
  'WebhookDeleted',
  'WebhookDeliveryCreated',
  'WebhookDeliveryAttempted',
  'WebhookDeliveryReplayed',
  'WebhookDeliveryCancelled',
]);

/** Endpoints by organisation (never their secrets), and deliveries with their attempts and next due time. */
export const webhooksProjection: Projection = {
  name: 'webhooks',
  entities: [WebhookRowSchema, DeliveryRowSchema],
  handles: (type) => TYPES.has(type),
  async apply(em: EntityManager, recorded: RecordedEvent) {
    const event = recorded as unknown as WebhookEvent | DeliveryEvent;
    switch (event.type) {
      case 'WebhookRegistered': {
        const { webhookId, organisationId, url, eventTypes, registeredAt, registeredBy } = event.data;
        em.create(WebhookRowSchema, { id: webhookId, organisationId, url, eventTypes: eventTypes.join(','), status: 'active', createdAt: new Date(registeredAt), createdBy: registeredBy });
        return;
      }
      case 'WebhookDisabled':
      case 'WebhookDeleted': {
        const row = await em.findOne(WebhookRowSchema, { id: event.data.webhookId });
        if (row) row.status = event.type === 'WebhookDisabled' ? 'disabled' : 'deleted';
        return;
      }
      case 'WebhookDeliveryCreated': {
        const { deliveryId, webhookId, organisationId, eventType, messageId, createdAt } = event.data;
        em.create(DeliveryRowSchema, { id: deliveryId, webhookId, organisationId, eventType, messageId, status: 'pending', createdAt: new Date(createdAt), nextAttemptAt: new Date(createdAt), attempts: '[]' });
        return;
      }
      default: {
        const row = await em.findOne(DeliveryRowSchema, { id: event.data.deliveryId });
        if (!row) return;
        if (event.type === 'WebhookDeliveryAttempted') {
          const { attempt, at, statusCode, error, durationMs, outcome, nextAttemptAt } = event.data;
          row.attempts = JSON.stringify([...JSON.parse(row.attempts), { attempt, at, statusCode, error, durationMs }]);
          row.status = outcome === 'retrying' ? 'pending' : outcome;
          row.nextAttemptAt = nextAttemptAt ? new Date(nextAttemptAt) : null;
        } else if (event.type === 'WebhookDeliveryReplayed') {
          row.status = 'pending';
          row.nextAttemptAt = new Date(event.data.replayedAt);
        } else {
          row.status = 'cancelled';
          row.nextAttemptAt = null;
        }
      }
    }
  },
};
