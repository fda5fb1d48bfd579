import type { Decider } from '@platform/event-store';
import { DomainError, type Grant } from '@platform/kernel';
import type { AdminEvent } from './admin.events';

export type AdminState =
  | { status: 'none' }
  | {
      status: 'invited' | 'active';
      adminId: string;
      email: string;
      name: string;
      grants: Grant[];
      invitation?: { id: string; expiresAt: string; used: boolean };
      passwordHash?: string;
    };

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
  | { type: 'CreateOperator'; adminId: string; email: string; name: string; passwordHash: string }
  | { type: 'AcceptInvitation'; invitationId: string; passwordHash: string; at: Date };

const invitationInvalid = () =>
  new DomainError(
    'INVITATION_INVALID',
    'unprocessable',
    'This invitation link is not valid: it was used already, replaced or mistyped. Ask an administrator to invite you again.',
  );

export const adminDecider: Decider<AdminState, AdminCommand, AdminEvent> = {
  initialState: () => ({ status: 'none' }),

  evolve(state, event) {
    switch (event.type) {
      case 'AdminCreated':
        return { status: 'invited', ...event.data };
      case 'AdminInvited':
        return state.status === 'none'
          ? state
          : { ...state, invitation: { id: event.data.invitationId, expiresAt: event.data.expiresAt, used: false } };
      case 'PasswordSet':
        return state.status === 'none'
          ? state
          : {
              ...state,
              status: 'active',
              passwordHash: event.data.passwordHash,
              invitation: state.invitation && { ...state.invitation, used: true },
            };
      default: {
        const unreachable: never = event;
        return unreachable;
      }
    }
  },

  decide(command, state) {
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
      case 'CreateOperator': {
        if (state.status !== 'none') return [];
        const { adminId, email, name, passwordHash } = command;
        return [
          { type: 'AdminCreated', data: { adminId, email, name, grants: [{ role: 'MRAO' }], createdBy: 'system:bootstrap' } },
          { type: 'PasswordSet', data: { adminId, passwordHash } },
        ];
      }
      case 'AcceptInvitation': {
        if (state.status === 'none' || !state.invitation || state.invitation.id !== command.invitationId)
          throw invitationInvalid();
        if (state.invitation.used) throw invitationInvalid();
        if (Date.parse(state.invitation.expiresAt) <= command.at.getTime())
          throw new DomainError(
            'INVITATION_EXPIRED',
            'unprocessable',
            'This invitation link has expired (links are valid for 7 days). Ask an administrator to invite you again.',
          );
        return [
          {
            type: 'PasswordSet',
            data: { adminId: state.adminId, passwordHash: command.passwordHash, invitationId: command.invitationId },
          },
        ];
      }
      default: {
        const unreachable: never = command;
        return unreachable;
      }
    }
  },
};
