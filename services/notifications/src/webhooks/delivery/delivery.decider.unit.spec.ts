import { deciderSpec } from '@platform/testing';
import { deliveryDecider } from './delivery.decider';
import type { DeliveryEvent } from './delivery.events';

const spec = deciderSpec(deliveryDecider);
const created: DeliveryEvent = {
  type: 'WebhookDeliveryCreated',
  data: { deliveryId: 'd1', webhookId: 'w1', organisationId: 'o1', eventType: 'certificate.issued', messageId: 'msg_1', body: '{}', createdAt: '2027-01-01T00:00:00.000Z' },
};
const at = new Date('2027-01-01T00:00:00.000Z');
const delays = [5_000, 60_000];
const attempted = (attempt: number, outcome: 'succeeded' | 'retrying' | 'failed'): DeliveryEvent => ({
  type: 'WebhookDeliveryAttempted',
  data: { deliveryId: 'd1', attempt, at: at.toISOString(), durationMs: 3, outcome, ...(outcome === 'succeeded' ? { statusCode: 200 } : { statusCode: 500 }) },
});

describe('webhook delivery', () => {
  it('a failed attempt is retried after the next delay of the schedule; past its end the delivery has failed', () => {
    expect(spec.given([created]).when({ type: 'RecordAttempt', at, statusCode: 500, durationMs: 3, retryDelaysMs: delays }).events).toEqual([
      {
        type: 'WebhookDeliveryAttempted',
        data: { deliveryId: 'd1', attempt: 1, at: at.toISOString(), statusCode: 500, error: 'the endpoint answered HTTP 500', durationMs: 3, outcome: 'retrying', nextAttemptAt: '2027-01-01T00:00:05.000Z' },
      },
    ]);
    const second = spec.given([created, attempted(1, 'retrying')]).when({ type: 'RecordAttempt', at, error: 'connect ECONNREFUSED', durationMs: 1, retryDelaysMs: delays });
    expect(second.events).toEqual([expect.objectContaining({ data: expect.objectContaining({ attempt: 2, outcome: 'retrying', nextAttemptAt: '2027-01-01T00:01:00.000Z', error: 'connect ECONNREFUSED' }) })]);
    const last = spec.given([created, attempted(1, 'retrying'), attempted(2, 'retrying')]).when({ type: 'RecordAttempt', at, statusCode: 503, durationMs: 1, retryDelaysMs: delays });
    expect(last.events).toEqual([expect.objectContaining({ data: expect.not.objectContaining({ nextAttemptAt: expect.anything() }) })]);
    expect(last.events![0]).toMatchObject({ data: { attempt: 3, outcome: 'failed' } });
  });

  it('a 2xx ends it; a replay makes it due now with the schedule anew; a pending one is not replayed', () => {
    const ok = spec.given([created]).when({ type: 'RecordAttempt', at, statusCode: 204, durationMs: 2, retryDelaysMs: delays });
    expect(ok.events![0]).toMatchObject({ data: { outcome: 'succeeded', statusCode: 204 } });
    expect(ok.events![0].data).not.toHaveProperty('error');
    const replayed = spec.given([created, attempted(1, 'succeeded')]);
    expect(replayed.when({ type: 'ReplayDelivery', by: 'a1', at }).events).toEqual([{ type: 'WebhookDeliveryReplayed', data: { deliveryId: 'd1', replayedBy: 'a1', replayedAt: at.toISOString() } }]);
    const again = spec.given([created, attempted(1, 'retrying'), attempted(2, 'retrying'), attempted(3, 'failed'), { type: 'WebhookDeliveryReplayed', data: { deliveryId: 'd1', replayedBy: 'a1', replayedAt: at.toISOString() } }]);
    expect(again.state).toMatchObject({ status: 'pending', attempts: 3, roundAttempts: 0, nextAttemptAt: at.toISOString() });
    expect(again.when({ type: 'RecordAttempt', at, statusCode: 500, durationMs: 1, retryDelaysMs: delays }).events![0]).toMatchObject({ data: { attempt: 4, outcome: 'retrying' } });
    expect(spec.given([created]).when({ type: 'ReplayDelivery', by: 'a1', at }).error?.code).toBe('WEBHOOK_DELIVERY_PENDING');
  });

  it('a cancelled delivery records no late attempt, and a delivery is created once', () => {
    const cancelled: DeliveryEvent = { type: 'WebhookDeliveryCancelled', data: { deliveryId: 'd1', reason: 'the webhook was disabled', cancelledAt: at.toISOString() } };
    expect(spec.given([created, cancelled]).when({ type: 'RecordAttempt', at, statusCode: 200, durationMs: 1, retryDelaysMs: delays }).events).toEqual([]);
    expect(spec.given([created]).when({ type: 'CreateDelivery', delivery: created.data as never }).events).toEqual([]);
  });
});
