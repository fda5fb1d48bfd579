import { Inject } from '@nestjs/common';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { Identity } from '@platform/contracts';
import type { EventStore } from '@platform/event-store';
import { CLOCK, type Clock } from '@platform/kernel';
import { newInvitation } from '../admin/new-invitation';
import { IDENTITY_STORE } from '../identity.tokens';

export class ReinviteAdminCommand extends Command<Identity.ReinviteAdminResponse> {
  constructor(
    readonly input: Identity.ReinviteAdminRequest,
    readonly correlationId?: string,
  ) {
    super();
  }
}

/** For an invitation that expired or got lost: a new AdminInvited event, so notifications mails a new link. */
@CommandHandler(ReinviteAdminCommand)
export class ReinviteAdminHandler implements ICommandHandler<ReinviteAdminCommand> {
  constructor(
    @Inject(IDENTITY_STORE) private readonly store: EventStore,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  execute({ input, correlationId }: ReinviteAdminCommand): Promise<Identity.ReinviteAdminResponse> {
    return newInvitation(this.store, this.clock, 'ReinviteAdmin', input, correlationId);
  }
}
