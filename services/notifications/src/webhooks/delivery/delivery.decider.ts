import type { Decider } from '@platform/event-store';
import { DomainError } from '@platform/kernel';
import type { DeliveryCreatedData, DeliveryEvent } from './delivery.events';

export type DeliveryState =
  | { status: 'none' }
  | {
      status: 'pending' | 'succeeded' | 'failed' | 'cancelled';
      delivery: DeliveryCreatedData;
      attempts: number;
      /** attempts since the creation or the last replay: where in the retry schedule it is */
      roundAttempts: number;
      nextAttemptAt?: string;
    };

export type DeliveryCommand =
  | { type: 'CreateDelivery'; delivery: DeliveryCreatedData }
  /** retryDelaysMs: the waits after the 1st, 2nd, … failure of a round; past its end the delivery has failed */
  | { type: 'RecordAttempt'; at: Date; statusCode?: number; error?: string; durationMs: number; retryDelaysMs: readonly number[] }
  | { type: 'ReplayDelivery'; by: string; at: Date }
  | { type: 'CancelDelivery'; reason: string; at: Date };

export const deliveryNotFound = () => new DomainError('WEBHOOK_DELIVERY_NOT_FOUND', 'not_found', 'No such delivery of this webhook.');

const succeeded = (statusCode?: number) => statusCode !== undefined && statusCode >= 200 && statusCode < 300;

export function decide(command: DeliveryCommand, state: DeliveryState): DeliveryEvent[] {
  if (command.type === 'CreateDelivery') return state.status === 'none' ? [{ type: 'WebhookDeliveryCreated', data: command.delivery }] : [];
  if (state.status === 'none') throw deliveryNotFound();
  const { deliveryId } = state.delivery;
  switch (command.type) {
    case 'RecordAttempt': {
      // Cancelled or finished by another instance meanwhile: this attempt's result changes nothing.
      if (state.status !== 'pending') return [];
      const { at, statusCode, error, durationMs, retryDelaysMs } = command;
      const ok = succeeded(statusCode);
      const delay = ok ? undefined : retryDelaysMs[state.roundAttempts];
      return [
        {
          type: 'WebhookDeliveryAttempted',
          data: {
            deliveryId,
            attempt: state.attempts + 1,
            at: at.toISOString(),
            ...(statusCode !== undefined ? { statusCode } : {}),
            ...(error ? { error } : !ok ? { error: `the endpoint answered HTTP ${statusCode}` } : {}),
            durationMs,
            outcome: ok ? 'succeeded' : delay === undefined ? 'failed' : 'retrying',
            ...(delay !== undefined ? { nextAttemptAt: new Date(at.getTime() + delay).toISOString() } : {}),
          },
        },
      ];
    }
    case 'ReplayDelivery':
      if (state.status === 'pending')
        throw new DomainError('WEBHOOK_DELIVERY_PENDING', 'conflict', 'The delivery is still being attempted: wait for it to succeed or fail before replaying it.', {
          nextAttemptAt: state.nextAttemptAt,
        });
      return [{ type: 'WebhookDeliveryReplayed', data: { deliveryId, replayedBy: command.by, replayedAt: command.at.toISOString() } }];
    case 'CancelDelivery':
      return state.status === 'pending' ? [{ type: 'WebhookDeliveryCancelled', data: { deliveryId, reason: command.reason, cancelledAt: command.at.toISOString() } }] : [];
    default: {
      const unreachable: never = command;
      return unreachable;
    }
  }
}

export function evolve(state: DeliveryState, event: DeliveryEvent): DeliveryState {
  if (event.type === 'WebhookDeliveryCreated')
    return { status: 'pending', delivery: event.data, attempts: 0, roundAttempts: 0, nextAttemptAt: event.data.createdAt };
  if (state.status === 'none') return state;
  switch (event.type) {
    case 'WebhookDeliveryAttempted': {
      const { outcome, attempt, nextAttemptAt } = event.data;
      return {
        ...state,
        status: outcome === 'retrying' ? 'pending' : outcome,
        attempts: attempt,
        roundAttempts: state.roundAttempts + 1,
        nextAttemptAt: outcome === 'retrying' ? nextAttemptAt : undefined,
      };
    }
    case 'WebhookDeliveryReplayed':
      return { ...state, status: 'pending', roundAttempts: 0, nextAttemptAt: event.data.replayedAt };
    case 'WebhookDeliveryCancelled':
      return { ...state, status: 'cancelled', nextAttemptAt: undefined };
    default: {
      const unreachable: never = event;
      return unreachable;
    }
  }
}

export const deliveryDecider: Decider<DeliveryState, DeliveryCommand, DeliveryEvent> = {
  initialState: () => ({ status: 'none' }),
  evolve,
  decide,
};
