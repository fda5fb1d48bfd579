import { deciderSpec } from '@platform/testing';
import { webhookDecider } from './webhook.decider';
import type { WebhookEvent } from './webhook.events';

const spec = deciderSpec(webhookDecider);
const registered: WebhookEvent = {
  type: 'WebhookRegistered',
  data: { webhookId: 'w1', organisationId: 'o1', url: 'https://hooks.example.ac.uk/', eventTypes: ['certificate.issued'], secretSealed: 'x', registeredBy: 'a1', registeredAt: '2027-01-01T00:00:00.000Z' },
};
const at = new Date('2027-01-02T00:00:00.000Z');

describe('webhook endpoint', () => {
  it('is disabled once, deleted idempotently, and unknown to other organisations', () => {
    expect(spec.given([registered]).when({ type: 'DisableWebhook', organisationId: 'o1', by: 'a2', at }).events).toEqual([
      { type: 'WebhookDisabled', data: { webhookId: 'w1', disabledBy: 'a2', disabledAt: at.toISOString() } },
    ]);
    const disabled: WebhookEvent = { type: 'WebhookDisabled', data: { webhookId: 'w1', disabledBy: 'a2', disabledAt: at.toISOString() } };
    expect(spec.given([registered, disabled]).when({ type: 'DisableWebhook', organisationId: 'o1', by: 'a2', at }).events).toEqual([]);
    const deleted: WebhookEvent = { type: 'WebhookDeleted', data: { webhookId: 'w1', deletedBy: 'a2', deletedAt: at.toISOString() } };
    expect(spec.given([registered, deleted]).when({ type: 'DeleteWebhook', organisationId: 'o1', by: 'a2', at }).events).toEqual([]);
    expect(spec.given([registered, deleted]).when({ type: 'DisableWebhook', organisationId: 'o1', by: 'a2', at }).error?.code).toBe('WEBHOOK_NOT_FOUND');
    expect(spec.given([registered]).when({ type: 'DeleteWebhook', organisationId: 'o2', by: 'a3', at }).error?.code).toBe('WEBHOOK_NOT_FOUND');
    expect(spec.given([]).when({ type: 'DeleteWebhook', organisationId: 'o1', by: 'a2', at }).error?.code).toBe('WEBHOOK_NOT_FOUND');
  });
});
