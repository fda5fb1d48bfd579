import { Inject } from '@nestjs/common';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { Identity } from '@platform/contracts';
import type { EventStore } from '@platform/event-store';
import { CLOCK, type Clock } from '@platform/kernel';
import { newInvitation } from '../admin/new-invitation';
import { IDENTITY_STORE } from '../identity.tokens';

export class InviteToIdpCommand extends Command<Identity.InviteToIdpResponse> {
  constructor(
    readonly input: Identity.InviteToIdpRequest,
    readonly correlationId?: string,
  ) {
    super();
  }
}

/** Another admin with access sends the account an "IdP invitation"; a new one replaces an unused one. */
@CommandHandler(InviteToIdpCommand)
export class InviteToIdpHandler implements ICommandHandler<InviteToIdpCommand> {
  constructor(
    @Inject(IDENTITY_STORE) private readonly store: EventStore,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  execute({ input, correlationId }: InviteToIdpCommand): Promise<Identity.InviteToIdpResponse> {
    return newInvitation(this.store, this.clock, 'InviteToIdp', input, correlationId);
  }
}
