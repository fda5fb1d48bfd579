import type { Decider } from '@platform/event-store';
import { DomainError } from '@platform/kernel';

/**
 * A signed-in session (stream `session-<uuid>`): the refresh token rotates on every use, and
 * presenting a replaced one ends the session, since only a copy (a thief) can still hold it.
 */
export const SESSION_LIFETIME_MS = 12 * 3_600_000;

export type SessionEvent =
  | {
      type: 'SessionStarted';
      data: { sessionId: string; adminId: string; refreshId: string; expiresAt: string; method: 'password' | 'idp'; startedAt?: string };
    }
  | { type: 'SessionRefreshed'; data: { sessionId: string; refreshId: string } }
  | { type: 'SessionEnded'; data: { sessionId: string; reason: 'sign-out' | 'refresh-token-reused' | 'account-unavailable' | 'password-changed' } };

export type SessionState =
  | { status: 'none' }
  | { status: 'active' | 'ended'; sessionId: string; adminId: string; refreshId: string; expiresAt: string; startedAt?: string };

export type SessionCommand =
  | { type: 'StartSession'; sessionId: string; adminId: string; refreshId: string; at: Date; method: 'password' | 'idp' }
  | { type: 'RefreshSession'; presentedRefreshId: string; newRefreshId: string; at: Date }
  | { type: 'EndSession'; reason: 'sign-out' | 'account-unavailable' | 'password-changed' };

export const sessionStream = (sessionId: string): string => `session-${sessionId}`;

const ended = () => new DomainError('SESSION_ENDED', 'unauthenticated', 'This session has ended. Sign in again.');

export const sessionDecider: Decider<SessionState, SessionCommand, SessionEvent> = {
  initialState: () => ({ status: 'none' }),

  evolve(state, event) {
    switch (event.type) {
      case 'SessionStarted':
        return { status: 'active', ...event.data };
      case 'SessionRefreshed':
        return state.status === 'none' ? state : { ...state, refreshId: event.data.refreshId };
      case 'SessionEnded':
        return state.status === 'none' ? state : { ...state, status: 'ended' };
      default: {
        const unreachable: never = event;
        return unreachable;
      }
    }
  },

  decide(command, state) {
    switch (command.type) {
      case 'StartSession': {
        const { sessionId, adminId, refreshId, at, method } = command;
        const expiresAt = new Date(at.getTime() + SESSION_LIFETIME_MS).toISOString();
        return [{ type: 'SessionStarted', data: { sessionId, adminId, refreshId, expiresAt, method, startedAt: at.toISOString() } }];
      }
      case 'RefreshSession': {
        if (state.status !== 'active') throw ended();
        if (state.refreshId !== command.presentedRefreshId)
          return [{ type: 'SessionEnded', data: { sessionId: state.sessionId, reason: 'refresh-token-reused' } }];
        if (Date.parse(state.expiresAt) <= command.at.getTime())
          throw new DomainError('SESSION_EXPIRED', 'unauthenticated', 'This session has expired (sessions last 12 hours). Sign in again.');
        return [{ type: 'SessionRefreshed', data: { sessionId: state.sessionId, refreshId: command.newRefreshId } }];
      }
      case 'EndSession':
        return state.status === 'active' ? [{ type: 'SessionEnded', data: { sessionId: state.sessionId, reason: command.reason } }] : [];
      default: {
        const unreachable: never = command;
        return unreachable;
      }
    }
  },
};
