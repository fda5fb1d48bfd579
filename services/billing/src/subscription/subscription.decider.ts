import type { Decider } from '@platform/event-store';
import { type SubscriptionCommand, decide } from './subscription.decide';
import type { SubscriptionEvent } from './subscription.events';
import { evolve } from './subscription.evolve';
import { type SubscriptionState, initialState } from './subscription.state';

export const subscriptionDecider: Decider<SubscriptionState, SubscriptionCommand, SubscriptionEvent> = {
  initialState,
  evolve,
  decide,
};
