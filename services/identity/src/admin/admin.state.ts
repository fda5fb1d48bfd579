import type { Grant } from '@platform/kernel';
import type { AdminEvent, AdminType } from './admin.events';

export interface Invitation {
  id: string;
  expiresAt: string;
  used: boolean;
}

export interface AdminAccount {
  status: 'invited' | 'active' | 'suspended' | 'deleted';
  adminId: string;
  email: string;
  name: string;
  type: AdminType;
  grants: Grant[];
  invitation?: Invitation;
  passwordHash?: string;
  secretHash?: string;
  idpInvitation?: Invitation;
  idp?: { issuer: string; subject: string };
  /** when the admin last changed its password; sessions started before it refresh no more */
  passwordChangedAt?: string;
  /** consecutive failed sign-ins since the last success */
  failures: number;
  lastFailureAt?: string;
}

export type AdminState = { status: 'none' } | AdminAccount;

/** Whether the account has a way to sign in (so a reactivated account is active again, not invited). */
const canSignIn = (a: AdminAccount) => !!(a.passwordHash || a.secretHash || a.idp);

export function evolveAdmin(state: AdminState, event: AdminEvent): AdminState {
  if (event.type === 'AdminCreated') {
    const { adminId, email, name, grants, type } = event.data;
    return { status: 'invited', adminId, email, name, grants, type: type ?? 'standard', failures: 0 };
  }
  if (state.status === 'none') return state;
  switch (event.type) {
    case 'AdminInvited':
      return { ...state, invitation: { id: event.data.invitationId, expiresAt: event.data.expiresAt, used: false } };
    case 'PasswordSet':
      return {
        ...state,
        status: state.status === 'suspended' ? state.status : 'active',
        passwordHash: event.data.passwordHash,
        passwordChangedAt: event.data.changedAt ?? state.passwordChangedAt,
        invitation: state.invitation && { ...state.invitation, used: true },
      };
    case 'ApiCredentialSet':
      return { ...state, status: 'active', secretHash: event.data.secretHash };
    case 'AdminSuspended':
      return { ...state, status: 'suspended' };
    case 'AdminReactivated':
      return { ...state, status: canSignIn(state) ? 'active' : 'invited' };
    case 'AdminDeleted':
      return { ...state, status: 'deleted' };
    case 'GrantsChanged':
      return { ...state, grants: event.data.grants };
    case 'SignInFailed':
      return { ...state, failures: state.failures + 1, lastFailureAt: event.data.at };
    case 'SignedIn':
      return { ...state, failures: 0, lastFailureAt: undefined };
    case 'IdpInvited':
      return { ...state, idpInvitation: { id: event.data.invitationId, expiresAt: event.data.expiresAt, used: false } };
    case 'IdpBound':
      return {
        ...state,
        type: 'idp',
        status: state.status === 'invited' ? 'active' : state.status,
        idp: { issuer: event.data.issuer, subject: event.data.subject },
        idpInvitation: state.idpInvitation && { ...state.idpInvitation, used: true },
        // from now on the account signs in through the IdP only
        passwordHash: undefined,
      };
    default: {
      const unreachable: never = event;
      return unreachable;
    }
  }
}
