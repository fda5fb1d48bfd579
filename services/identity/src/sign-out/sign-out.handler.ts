import { Inject } from '@nestjs/common';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { Identity } from '@platform/contracts';
import { type EventStore, eventMetadata, handleCommand } from '@platform/event-store';
import { CLOCK, type Clock } from '@platform/kernel';
import { IDENTITY_SECRET, IDENTITY_STORE } from '../identity.tokens';
import { sessionDecider, sessionStream } from '../session/session.decider';
import { parseRefreshToken } from '../session/sessions';

export class SignOutCommand extends Command<Identity.SignOutResponse> {
  constructor(readonly input: Identity.SignOutRequest) {
    super();
  }
}

/** Ends the session: its refresh token stops working at once; signing out twice is fine. */
@CommandHandler(SignOutCommand)
export class SignOutHandler implements ICommandHandler<SignOutCommand> {
  constructor(
    @Inject(IDENTITY_STORE) private readonly store: EventStore,
    @Inject(IDENTITY_SECRET) private readonly secret: Buffer,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute({ input }: SignOutCommand): Promise<Identity.SignOutResponse> {
    const { sessionId } = parseRefreshToken(this.secret, input.refreshToken);
    const at = this.clock.now();
    await handleCommand(this.store, sessionStream(sessionId), sessionDecider, { type: 'EndSession', reason: 'sign-out' }, eventMetadata({ at, actor: 'system:identity' }));
    return { ok: true };
  }
}
