import { Inject, Injectable } from '@nestjs/common';
import { AggregateCache, type EventMetadata, type EventStore, type HandleResult, aggregateStream, handleCommand } from '@platform/event-store';
import { BILLING_STORE } from '../billing.tokens';
import type { SubscriptionCommand } from './subscription.decide';
import { subscriptionDecider } from './subscription.decider';
import type { SubscriptionEvent } from './subscription.events';
import { subscriptionStream } from './subscription.events';
import type { SubscriptionState } from './subscription.state';

/** Runs `task` after every earlier task of the same key has settled; keys do not wait for each other. */
export class KeyedSerialiser {
  private readonly tails = new Map<string, Promise<unknown>>();

  run<T>(key: string, task: () => Promise<T>): Promise<T> {
    const previous = this.tails.get(key) ?? Promise.resolve();
    const result = previous.then(task, task);
    const tail = result.catch(() => undefined);
    this.tails.set(key, tail);
    // Forget the key once nothing is queued behind this task, so the map does not grow without bound.
    void tail.then(() => {
      if (this.tails.get(key) === tail) this.tails.delete(key);
    });
    return result;
  }
}

/**
 * Every write to a `subscription-<orgId>` stream goes through here. Within one process the commands of
 * one organisation run one after another: under a burst of reservations, optimistic concurrency alone
 * makes most appends fail and retry (each retry re-reads the whole stream), and enough losers can run
 * out of attempts and answer with a revision error instead of ALLOWANCE_EXHAUSTED. Serialising removes
 * the conflicts in this process; the expected-revision check and its retries still guard against other
 * billing instances (several processes in the distributed mode).
 */
@Injectable()
export class SubscriptionCommands {
  private readonly serialiser = new KeyedSerialiser();
  /** Folded subscriptions: a reservation reads only the events since the last command, not the whole term. */
  private readonly cache = new AggregateCache<unknown>();

  constructor(@Inject(BILLING_STORE) private readonly store: EventStore) {}

  /** The subscription as its stream says now: the events since the cached fold are read, not the whole term. */
  async read(organisationId: string): Promise<SubscriptionState> {
    const { state } = await aggregateStream(this.store, subscriptionStream(organisationId), subscriptionDecider, this.cache as AggregateCache<SubscriptionState>);
    return state;
  }

  handle(
    organisationId: string,
    command: SubscriptionCommand,
    metadata: EventMetadata,
  ): Promise<HandleResult<SubscriptionState, SubscriptionEvent>> {
    const stream = subscriptionStream(organisationId);
    return this.serialiser.run(stream, () =>
      handleCommand(this.store, stream, subscriptionDecider, command, metadata, { maxAttempts: 200, cache: this.cache }),
    );
  }
}
