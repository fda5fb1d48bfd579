import { type EventStore, eventMetadata, handleCommand } from '@platform/event-store';
import { type Actor, DomainError, newId } from '@platform/kernel';
import type { AdminAccount } from '../admin/admin.decider';
import { invitationToken, parseInvitationToken } from '../admin/invitation-token';
import { sessionDecider, sessionStream } from './session.decider';

/** Refresh tokens are `<sessionId>.<refreshId>.<HMAC>`: derived, so the log holds nothing usable. */
export const refreshToken = (secret: Buffer, sessionId: string, refreshId: string) => invitationToken(secret, sessionId, refreshId, 'refresh');

export function parseRefreshToken(secret: Buffer, token: string): { sessionId: string; refreshId: string } {
  const parsed = parseInvitationToken(secret, token, 'refresh');
  if (!parsed) throw new DomainError('REFRESH_TOKEN_INVALID', 'unauthenticated', 'This refresh token is not valid. Sign in again.');
  return { sessionId: parsed.adminId, refreshId: parsed.invitationId };
}

export const actorOf = (admin: AdminAccount): Actor => ({ adminId: admin.adminId, email: admin.email, grants: admin.grants });

export async function startSession(store: EventStore, secret: Buffer, admin: AdminAccount, at: Date, method: 'password' | 'idp') {
  const sessionId = newId();
  const refreshId = newId();
  const { state } = await handleCommand(
    store,
    sessionStream(sessionId),
    sessionDecider,
    { type: 'StartSession', sessionId, adminId: admin.adminId, refreshId, at, method },
    eventMetadata({ at, actor: admin.adminId }),
  );
  const expiresAt = state.status === 'none' ? at.toISOString() : state.expiresAt;
  return { actor: actorOf(admin), refreshToken: refreshToken(secret, sessionId, refreshId), refreshExpiresAt: expiresAt };
}
