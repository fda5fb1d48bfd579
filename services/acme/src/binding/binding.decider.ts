import type { Decider } from '@platform/event-store';
import { DomainError } from '@platform/kernel';

/**
 * An External Account Binding (RFC 8555 §7.3.4): created in the portal for an organisation or
 * department, used once by `newAccount`. No key material is stored: the HMAC key is derived from
 * the service secret and the key id.
 */
export const bindingStream = (keyId: string) => `acme-binding-${keyId}`;

export type BindingEvent =
  | {
      type: 'AcmeBindingCreated';
      data: { keyId: string; organisationId: string; departmentId?: string; label?: string; createdBy: string; createdAt: string };
    }
  | { type: 'AcmeBindingUsed'; data: { keyId: string; accountId: string; usedAt: string } };

export type BindingState =
  | { status: 'none' }
  | { status: 'unused'; keyId: string; organisationId: string; departmentId?: string; createdBy: string }
  | { status: 'used'; keyId: string; organisationId: string; departmentId?: string; createdBy: string; accountId: string; usedAt: string };

export type BindingCommand =
  | { type: 'CreateBinding'; keyId: string; organisationId: string; departmentId?: string; label?: string; by: string; at: string }
  | { type: 'UseBinding'; accountId: string; at: string };

export const bindingDecider: Decider<BindingState, BindingCommand, BindingEvent> = {
  initialState: () => ({ status: 'none' }),
  evolve(state, event) {
    switch (event.type) {
      case 'AcmeBindingCreated': {
        const { keyId, organisationId, departmentId, createdBy } = event.data;
        return { status: 'unused', keyId, organisationId, departmentId, createdBy };
      }
      case 'AcmeBindingUsed':
        return state.status === 'none' ? state : { ...state, status: 'used', accountId: event.data.accountId, usedAt: event.data.usedAt };
      default: {
        const never: never = event;
        return never;
      }
    }
  },
  decide(command, state) {
    switch (command.type) {
      case 'CreateBinding': {
        if (state.status !== 'none') throw new DomainError('ACME_BINDING_EXISTS', 'conflict', 'A binding with this key id exists already.');
        const { keyId, organisationId, departmentId, label, by, at } = command;
        return [{ type: 'AcmeBindingCreated', data: { keyId, organisationId, departmentId, label, createdBy: by, createdAt: at } }];
      }
      case 'UseBinding': {
        if (state.status === 'none') throw unknownBinding();
        if (state.status === 'used') throw alreadyUsed(state.keyId, state.usedAt);
        return [{ type: 'AcmeBindingUsed', data: { keyId: state.keyId, accountId: command.accountId, usedAt: command.at } }];
      }
      default: {
        const never: never = command;
        return never;
      }
    }
  },
};

export const unknownBinding = () =>
  new DomainError(
    'ACME_BINDING_UNKNOWN',
    'unauthenticated',
    'The External Account Binding key id is not known here. Copy the key id and HMAC key exactly as the portal showed them ' +
      '(POST /api/v1/acme/bindings creates a new pair).',
  );

/** The pain point this message exists for: say what happened and the two ways forward. */
export const alreadyUsed = (keyId: string, usedAt: string) =>
  new DomainError(
    'ACME_BINDING_ALREADY_USED',
    'unauthenticated',
    `The External Account Binding "${keyId}" was already used on ${usedAt} to register an ACME account; each binding registers one account only. ` +
      'If this client still holds that account\'s key, it is registered already: look it up with onlyReturnExisting (certbot keeps it under /etc/letsencrypt/accounts). ' +
      'Otherwise create a new binding in the portal (POST /api/v1/acme/bindings) and use its new key id and HMAC key.',
    { keyId, usedAt },
  );
