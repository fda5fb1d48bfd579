import type { Decider } from '@platform/event-store';
import { DomainError } from '@platform/kernel';
import type { WebhookEvent, WebhookRegisteredData } from './webhook.events';

export type WebhookState =
  | { status: 'none' }
  | { status: 'active' | 'disabled'; webhook: WebhookRegisteredData }
  | { status: 'deleted'; webhook: WebhookRegisteredData };

export type WebhookCommand =
  | { type: 'RegisterWebhook'; webhook: WebhookRegisteredData }
  | { type: 'DisableWebhook'; organisationId: string; by: string; at: Date }
  | { type: 'DeleteWebhook'; organisationId: string; by: string; at: Date };

/** Unknown, deleted, or of another organisation: the same answer, so ids of other organisations say nothing. */
export const webhookNotFound = () => new DomainError('WEBHOOK_NOT_FOUND', 'not_found', 'No such webhook in this organisation.');

export function decide(command: WebhookCommand, state: WebhookState): WebhookEvent[] {
  if (command.type === 'RegisterWebhook') return state.status === 'none' ? [{ type: 'WebhookRegistered', data: command.webhook }] : [];
  // Deleting is idempotent: a repeated DELETE (a retry after a lost answer) finds it done.
  if (command.type === 'DeleteWebhook' && state.status === 'deleted' && state.webhook.organisationId === command.organisationId) return [];
  if (state.status === 'none' || state.status === 'deleted' || state.webhook.organisationId !== command.organisationId) throw webhookNotFound();
  const { webhookId } = state.webhook;
  switch (command.type) {
    case 'DisableWebhook':
      return state.status === 'disabled' ? [] : [{ type: 'WebhookDisabled', data: { webhookId, disabledBy: command.by, disabledAt: command.at.toISOString() } }];
    case 'DeleteWebhook':
      return [{ type: 'WebhookDeleted', data: { webhookId, deletedBy: command.by, deletedAt: command.at.toISOString() } }];
    default: {
      const unreachable: never = command;
      return unreachable;
    }
  }
}

export function evolve(state: WebhookState, event: WebhookEvent): WebhookState {
  switch (event.type) {
    case 'WebhookRegistered':
      return { status: 'active', webhook: event.data };
    case 'WebhookDisabled':
      return state.status === 'none' ? state : { ...state, status: 'disabled' };
    case 'WebhookDeleted':
      return state.status === 'none' ? state : { status: 'deleted', webhook: state.webhook };
    default: {
      const unreachable: never = event;
      return unreachable;
    }
  }
}

export const webhookDecider: Decider<WebhookState, WebhookCommand, WebhookEvent> = {
  initialState: () => ({ status: 'none' }),
  evolve,
  decide,
};
