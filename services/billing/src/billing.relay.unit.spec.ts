import { Billing } from '@platform/contracts';
import type { RecordedEvent } from '@platform/event-store';
import { translate } from './billing.relay';
import type { SubscriptionEvent } from './subscription/subscription.events';

const recorded = (event: SubscriptionEvent): RecordedEvent =>
  ({ ...event, id: 'e1', streamId: 'subscription-o1', revision: 3, position: 9n, metadata: { correlationId: 'x', occurredAt: 'y' } }) as RecordedEvent;

describe('billing integration events for notifications', () => {
  it('publish an allowance threshold reached and a reinstatement, fitting their contracts', () => {
    const [threshold] = translate(recorded({ type: 'AllowanceThresholdReached', data: { termStart: '2027-01-01', percent: 80, tally: 40, allowance: 50, reachedAt: '2027-03-01T00:00:00.000Z' } }));
    expect(threshold.contract).toBe(Billing.AllowanceThresholdReached);
    expect(Billing.AllowanceThresholdReached.schema.parse(threshold.data)).toEqual({ organisationId: 'o1', termStart: '2027-01-01', percent: 80, tally: 40, allowance: 50, reachedAt: '2027-03-01T00:00:00.000Z' });
    const [reinstated] = translate(recorded({ type: 'SubscriptionReinstated', data: { termStart: '2027-01-01', reinstatedAt: '2027-03-02T00:00:00.000Z' } }));
    expect(reinstated.contract).toBe(Billing.SubscriptionReinstated);
    expect(Billing.SubscriptionReinstated.schema.parse(reinstated.data)).toEqual({ organisationId: 'o1', termStart: '2027-01-01', reinstatedAt: '2027-03-02T00:00:00.000Z' });
  });
});
