import { Inject } from '@nestjs/common';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { Identity } from '@platform/contracts';
import { type EventStore, eventMetadata, handleCommand } from '@platform/event-store';
import { CLOCK, type Clock, DomainError, newId } from '@platform/kernel';
import { loadAdmin } from '../admin/admin-directory';
import { IDENTITY_SECRET, IDENTITY_STORE } from '../identity.tokens';
import { sessionDecider, sessionStream } from '../session/session.decider';
import { actorOf, parseRefreshToken, refreshToken } from '../session/sessions';

export class RefreshSessionCommand extends Command<Identity.RefreshSessionResponse> {
  constructor(readonly input: Identity.RefreshSessionRequest) {
    super();
  }
}

/**
 * Rotates the refresh token and answers the account's current grants, so a changed grant, a
 * suspension or a deletion takes effect at the next refresh (access tokens live 15 minutes).
 */
@CommandHandler(RefreshSessionCommand)
export class RefreshSessionHandler implements ICommandHandler<RefreshSessionCommand> {
  constructor(
    @Inject(IDENTITY_STORE) private readonly store: EventStore,
    @Inject(IDENTITY_SECRET) private readonly secret: Buffer,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute({ input }: RefreshSessionCommand): Promise<Identity.RefreshSessionResponse> {
    const { sessionId, refreshId } = parseRefreshToken(this.secret, input.refreshToken);
    const at = this.clock.now();
    const newRefreshId = newId();
    const stream = sessionStream(sessionId);
    const meta = eventMetadata({ at, actor: 'system:identity' });
    const { state, newEvents } = await handleCommand(this.store, stream, sessionDecider, { type: 'RefreshSession', presentedRefreshId: refreshId, newRefreshId, at }, meta);
    if (state.status !== 'active' || newEvents.some((e) => e.type === 'SessionEnded'))
      throw new DomainError(
        'REFRESH_TOKEN_REUSED',
        'unauthenticated',
        'This refresh token was used already, so the session has been ended in case it was stolen. Sign in again.',
      );
    const admin = await loadAdmin(this.store, state.adminId);
    if (admin.status !== 'active') {
      await handleCommand(this.store, stream, sessionDecider, { type: 'EndSession', reason: 'account-unavailable' }, meta);
      throw new DomainError('SESSION_ENDED', 'unauthenticated', 'This account is no longer active. Ask an administrator.');
    }
    // A password change ends every session begun before it (a thief's included).
    if (admin.passwordChangedAt && state.startedAt && admin.passwordChangedAt > state.startedAt) {
      await handleCommand(this.store, stream, sessionDecider, { type: 'EndSession', reason: 'password-changed' }, meta);
      throw new DomainError('SESSION_ENDED', 'unauthenticated', 'The password was changed since this session began. Sign in again.');
    }
    return { actor: actorOf(admin), refreshToken: refreshToken(this.secret, sessionId, newRefreshId), refreshExpiresAt: state.expiresAt };
  }
}
