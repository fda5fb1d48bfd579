import type { CertificateFamily } from '@platform/contracts';
import type { Decider } from '@platform/event-store';
import { DomainError } from '@platform/kernel';

/**
 * An External Account Binding (RFC 8555 §7.3.4): created in the portal for an organisation or
 * department, used once by `newAccount`. No key material is stored: the HMAC key is derived from
 * the service secret and the key id.
 */
export const bindingStream = (keyId: string) => `acme-binding-${keyId}`;
/** The key ids of an organisation's bindings, in creation order: what the portal's listing reads. */
export const organisationBindingsStream = (organisationId: string) => `acme-organisation-bindings-${organisationId}`;

export type BindingEvent =
  | {
      type: 'AcmeBindingCreated';
      /** family: absent before bindings carried one, which made OV certificates */
      data: { keyId: string; organisationId: string; departmentId?: string; label?: string; family?: CertificateFamily; createdBy: string; createdAt: string };
    }
  | { type: 'AcmeBindingUsed'; data: { keyId: string; accountId: string; usedAt: string } }
  | { type: 'AcmeBindingDisabled'; data: { keyId: string; by: string; at: string } };

export interface BindingData {
  keyId: string;
  organisationId: string;
  departmentId?: string;
  label?: string;
  family: CertificateFamily;
  createdBy: string;
  createdAt: string;
  accountId?: string;
  usedAt?: string;
  disabled?: { by: string; at: string };
}

export type BindingState = { status: 'none' } | (BindingData & { status: 'unused' | 'used' | 'disabled' });

export type BindingCommand =
  | { type: 'CreateBinding'; keyId: string; organisationId: string; departmentId?: string; label?: string; family: CertificateFamily; by: string; at: string }
  | { type: 'UseBinding'; accountId: string; at: string }
  | { type: 'DisableBinding'; by: string; at: string };

export const bindingDecider: Decider<BindingState, BindingCommand, BindingEvent> = {
  initialState: () => ({ status: 'none' }),
  evolve(state, event) {
    switch (event.type) {
      case 'AcmeBindingCreated':
        return { status: 'unused', ...event.data, family: event.data.family ?? 'ov' };
      case 'AcmeBindingUsed':
        return state.status === 'none' ? state : { ...state, status: 'used', accountId: event.data.accountId, usedAt: event.data.usedAt };
      case 'AcmeBindingDisabled':
        return state.status === 'none' ? state : { ...state, status: 'disabled', disabled: { by: event.data.by, at: event.data.at } };
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
        const { keyId, organisationId, departmentId, label, family, by, at } = command;
        return [{ type: 'AcmeBindingCreated', data: { keyId, organisationId, departmentId, label, family, createdBy: by, createdAt: at } }];
      }
      case 'UseBinding': {
        if (state.status === 'none') throw unknownBinding();
        if (state.status === 'disabled') throw bindingDisabled(state.keyId, state.disabled!.at);
        if (state.status === 'used') throw alreadyUsed(state.keyId, state.usedAt!);
        return [{ type: 'AcmeBindingUsed', data: { keyId: state.keyId, accountId: command.accountId, usedAt: command.at } }];
      }
      case 'DisableBinding':
        if (state.status === 'none') throw unknownBinding();
        // Disabling twice changes nothing: an admin retrying sees the binding as it is.
        if (state.status === 'disabled') return [];
        return [{ type: 'AcmeBindingDisabled', data: { keyId: state.keyId, by: command.by, at: command.at } }];
      default: {
        const never: never = command;
        return never;
      }
    }
  },
};

export const bindingDisabled = (keyId: string, at: string) =>
  new DomainError(
    'ACME_BINDING_DISABLED',
    'unauthenticated',
    `The External Account Binding "${keyId}" was disabled in the portal on ${at}; it registers no account. Ask an RAO of your organisation for a new binding (POST /api/v1/acme/bindings).`,
    { keyId, disabledAt: at },
  );

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
