import type { Decider } from '@platform/event-store';
import { DomainError, type Grant } from '@platform/kernel';
import type { AdminEvent } from './admin.events';
import { type AdminAccount, type AdminState, type Invitation, evolveAdmin } from './admin.state';

export type { AdminAccount, AdminState } from './admin.state';

export type AdminCommand =
  | {
      type: 'InviteAdmin';
      adminId: string;
      email: string;
      name: string;
      grants: Grant[];
      by: string;
      invitationId: string;
      expiresAt: Date;
    }
  | { type: 'CreateApiAdmin'; adminId: string; email: string; name: string; grants: Grant[]; by: string; secretHash: string }
  | { type: 'CreateOperator'; adminId: string; email: string; name: string; passwordHash: string }
  | { type: 'AcceptInvitation'; invitationId: string; passwordHash: string; at: Date }
  | { type: 'ChangePassword'; passwordHash: string; at: Date }
  | { type: 'ReinviteAdmin'; invitationId: string; expiresAt: Date; by: string }
  | { type: 'SuspendAdmin'; by: string }
  | { type: 'ReactivateAdmin'; by: string }
  | { type: 'DeleteAdmin'; by: string }
  | { type: 'ChangeGrants'; grants: Grant[]; by: string }
  | { type: 'RecordSignIn'; at: Date; ok: boolean; method: 'password' | 'idp' | 'api' }
  | { type: 'InviteToIdp'; invitationId: string; expiresAt: Date; by: string }
  | { type: 'BindIdp'; invitationId: string; issuer: string; subject: string; at: Date };

const invitationInvalid = () =>
  new DomainError(
    'INVITATION_INVALID',
    'unprocessable',
    'This invitation link is not valid: it was used already, replaced or mistyped. Ask an administrator to invite you again.',
  );

const notFound = () => new DomainError('ADMIN_NOT_FOUND', 'not_found', 'No such admin.');

/** The account, unless it does not exist or was deleted (a deleted account answers as absent). */
function existing(state: AdminState): AdminAccount {
  if (state.status === 'none' || state.status === 'deleted') throw notFound();
  return state;
}

function usable(invitation: Invitation | undefined, id: string, at: Date): void {
  if (!invitation || invitation.id !== id || invitation.used) throw invitationInvalid();
  if (Date.parse(invitation.expiresAt) <= at.getTime())
    throw new DomainError(
      'INVITATION_EXPIRED',
      'unprocessable',
      'This invitation link has expired (links are valid for 7 days). Ask an administrator to invite you again.',
    );
}

function decide(command: AdminCommand, state: AdminState): AdminEvent[] {
  switch (command.type) {
    case 'InviteAdmin': {
      if (state.status !== 'none') throw new Error(`admin ${command.adminId} exists already`);
      const { adminId, email, name, grants, by, invitationId, expiresAt } = command;
      return [
        { type: 'AdminCreated', data: { adminId, email, name, grants, createdBy: by } },
        {
          type: 'AdminInvited',
          data: { adminId, invitationId, email, name, grants, expiresAt: expiresAt.toISOString(), invitedBy: by },
        },
      ];
    }
    case 'CreateApiAdmin': {
      if (state.status !== 'none') throw new Error(`admin ${command.adminId} exists already`);
      const { adminId, email, name, grants, by, secretHash } = command;
      return [
        { type: 'AdminCreated', data: { adminId, email, name, grants, createdBy: by, type: 'api' } },
        { type: 'ApiCredentialSet', data: { adminId, secretHash } },
      ];
    }
    case 'CreateOperator': {
      if (state.status !== 'none') return [];
      const { adminId, email, name, passwordHash } = command;
      return [
        { type: 'AdminCreated', data: { adminId, email, name, grants: [{ role: 'MRAO' }], createdBy: 'system:bootstrap' } },
        { type: 'PasswordSet', data: { adminId, passwordHash } },
      ];
    }
    case 'AcceptInvitation': {
      if (state.status === 'none' || state.status === 'deleted') throw invitationInvalid();
      usable(state.invitation, command.invitationId, command.at);
      if (state.status === 'suspended')
        throw new DomainError('ADMIN_SUSPENDED', 'unprocessable', 'This account is suspended. Ask an administrator to reactivate it.');
      return [{ type: 'PasswordSet', data: { adminId: state.adminId, passwordHash: command.passwordHash, invitationId: command.invitationId } }];
    }
    case 'ReinviteAdmin': {
      const admin = existing(state);
      if (admin.status !== 'invited' || admin.type !== 'standard')
        throw new DomainError('ADMIN_NOT_INVITED', 'conflict', 'This admin has set a password already (or is suspended or an API admin); there is nothing to re-send.');
      const { adminId, email, name, grants } = admin;
      const { invitationId, expiresAt, by } = command;
      // A new invitation id: the previous link stops working.
      return [{ type: 'AdminInvited', data: { adminId, invitationId, email, name, grants, expiresAt: expiresAt.toISOString(), invitedBy: by } }];
    }
    case 'ChangePassword': {
      const admin = existing(state);
      if (admin.status !== 'active' || admin.type !== 'standard' || !admin.passwordHash)
        throw new DomainError('PASSWORD_NOT_CHANGEABLE', 'unprocessable', 'Only an active admin who signs in with a password can change it.');
      return [{ type: 'PasswordSet', data: { adminId: admin.adminId, passwordHash: command.passwordHash, changedAt: command.at.toISOString() } }];
    }
    case 'SuspendAdmin': {
      const admin = existing(state);
      if (admin.status === 'suspended') return [];
      return [{ type: 'AdminSuspended', data: { adminId: admin.adminId, by: command.by } }];
    }
    case 'ReactivateAdmin': {
      const admin = existing(state);
      if (admin.status !== 'suspended') return [];
      return [{ type: 'AdminReactivated', data: { adminId: admin.adminId, by: command.by } }];
    }
    case 'DeleteAdmin': {
      if (state.status === 'deleted') return [];
      const admin = existing(state);
      return [{ type: 'AdminDeleted', data: { adminId: admin.adminId, by: command.by } }];
    }
    case 'ChangeGrants': {
      const admin = existing(state);
      if (JSON.stringify(admin.grants) === JSON.stringify(command.grants)) return [];
      return [{ type: 'GrantsChanged', data: { adminId: admin.adminId, grants: command.grants, previous: admin.grants, by: command.by } }];
    }
    case 'RecordSignIn': {
      const admin = existing(state);
      const at = command.at.toISOString();
      return command.ok
        ? [{ type: 'SignedIn', data: { adminId: admin.adminId, at, method: command.method } }]
        : [{ type: 'SignInFailed', data: { adminId: admin.adminId, at } }];
    }
    case 'InviteToIdp': {
      const admin = existing(state);
      if (admin.idp)
        throw new DomainError('IDP_ALREADY_BOUND', 'conflict', 'This account is bound to an identity provider already; it signs in there.');
      if (admin.type === 'api')
        throw new DomainError('ADMIN_IS_API', 'unprocessable', 'API admins authenticate with their credential and cannot use an identity provider.');
      if (admin.status === 'suspended')
        throw new DomainError('ADMIN_SUSPENDED', 'unprocessable', 'This account is suspended. Reactivate it before inviting it to an identity provider.');
      const { invitationId, expiresAt, by } = command;
      const { adminId, email, name } = admin;
      return [{ type: 'IdpInvited', data: { adminId, email, name, invitationId, expiresAt: expiresAt.toISOString(), invitedBy: by } }];
    }
    case 'BindIdp': {
      if (state.status === 'none' || state.status === 'deleted') throw invitationInvalid();
      if (state.idp)
        throw new DomainError(
          'IDP_ALREADY_BOUND',
          'conflict',
          'This account is bound to an identity provider already. Sign in through the identity provider instead.',
        );
      usable(state.idpInvitation, command.invitationId, command.at);
      if (state.status === 'suspended')
        throw new DomainError('ADMIN_SUSPENDED', 'unprocessable', 'This account is suspended. Ask an administrator to reactivate it.');
      const { invitationId, issuer, subject } = command;
      return [{ type: 'IdpBound', data: { adminId: state.adminId, invitationId, issuer, subject } }];
    }
    default: {
      const unreachable: never = command;
      return unreachable;
    }
  }
}

export const adminDecider: Decider<AdminState, AdminCommand, AdminEvent> = {
  initialState: () => ({ status: 'none' }),
  evolve: evolveAdmin,
  decide,
};
