import type { CertificateFamily } from '@platform/contracts';
import type { Decider } from '@platform/event-store';
import { DomainError } from '@platform/kernel';
import type { JWK } from 'jose';

/** An ACME account: its current key, contact and the organisation/department its binding gave it. */
export const accountStream = (accountId: string) => `acme-account-${accountId}`;
/** One stream per key thumbprint: appending with no_stream makes a key belong to one account only. */
export const keyStream = (thumbprint: string) => `acme-key-${thumbprint}`;

export interface AccountData {
  accountId: string;
  jwk: JWK;
  thumbprint: string;
  organisationId: string;
  departmentId?: string;
  keyId: string;
  /** its binding's family (fixed when the binding was made); absent on accounts registered before families: OV */
  family?: CertificateFamily;
  contact: string[];
  createdAt: string;
}

/** Why an account was deactivated: absent when its client asked (RFC 8555 §7.3.6). */
export type DeactivationReason = 'binding-disabled';

export type AccountEvent =
  | { type: 'AcmeAccountRegistered'; data: AccountData }
  | { type: 'AcmeAccountContactChanged'; data: { contact: string[] } }
  | { type: 'AcmeAccountKeyChanged'; data: { jwk: JWK; thumbprint: string } }
  | { type: 'AcmeAccountDeactivated'; data: { at: string; reason?: DeactivationReason } };

export type AccountState =
  | { status: 'none' }
  | (AccountData & { status: 'valid' | 'deactivated'; deactivation?: { at: string; reason?: DeactivationReason } });

export type AccountCommand =
  | { type: 'RegisterAccount'; account: AccountData }
  | { type: 'ChangeContact'; contact: string[] }
  | { type: 'ChangeKey'; jwk: JWK; thumbprint: string }
  | { type: 'Deactivate'; at: string; reason?: DeactivationReason };

export const accountDecider: Decider<AccountState, AccountCommand, AccountEvent> = {
  initialState: () => ({ status: 'none' }),
  evolve(state, event) {
    switch (event.type) {
      case 'AcmeAccountRegistered':
        return { status: 'valid', ...event.data };
      case 'AcmeAccountContactChanged':
        return state.status === 'none' ? state : { ...state, contact: event.data.contact };
      case 'AcmeAccountKeyChanged':
        return state.status === 'none' ? state : { ...state, jwk: event.data.jwk, thumbprint: event.data.thumbprint };
      case 'AcmeAccountDeactivated':
        return state.status === 'none' ? state : { ...state, status: 'deactivated', deactivation: event.data };
      default: {
        const never: never = event;
        return never;
      }
    }
  },
  decide(command, state) {
    if (command.type === 'RegisterAccount') {
      if (state.status !== 'none') throw new DomainError('ACME_ACCOUNT_EXISTS', 'conflict', 'This account exists already.');
      return [{ type: 'AcmeAccountRegistered', data: command.account }];
    }
    if (state.status === 'none') throw new DomainError('ACME_ACCOUNT_UNKNOWN', 'not_found', 'No such account.');
    if (state.status === 'deactivated') throw deactivated(state.deactivation);
    switch (command.type) {
      case 'ChangeContact':
        return [{ type: 'AcmeAccountContactChanged', data: { contact: command.contact } }];
      case 'ChangeKey':
        return [{ type: 'AcmeAccountKeyChanged', data: { jwk: command.jwk, thumbprint: command.thumbprint } }];
      case 'Deactivate':
        return [{ type: 'AcmeAccountDeactivated', data: command.reason ? { at: command.at, reason: command.reason } : { at: command.at } }];
      default: {
        const never: never = command;
        return never;
      }
    }
  },
};

export const deactivated = (deactivation?: { at: string; reason?: DeactivationReason }) =>
  new DomainError(
    'ACME_ACCOUNT_DEACTIVATED',
    'unauthenticated',
    deactivation?.reason === 'binding-disabled'
      ? `This ACME account was deactivated on ${deactivation.at} because an administrator disabled its External Account Binding in the portal; ` +
          'it cannot be used again. Ask an RAO of your organisation for a new binding and register a new account with it.'
      : 'This ACME account was deactivated and cannot be used again; register a new account with a new External Account Binding from the portal.',
    deactivation ? { deactivatedAt: deactivation.at, ...(deactivation.reason ? { reason: deactivation.reason } : {}) } : undefined,
  );
