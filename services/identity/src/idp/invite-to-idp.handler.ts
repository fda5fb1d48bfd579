import { Inject } from '@nestjs/common';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { Identity } from '@platform/contracts';
import { type EventStore, eventMetadata, handleCommand } from '@platform/event-store';
import { CLOCK, type Clock, newId } from '@platform/kernel';
import { manageableAdmin } from '../admin/admin-directory';
import { adminDecider } from '../admin/admin.decider';
import { adminStream } from '../admin/admin.events';
import { IDENTITY_STORE } from '../identity.tokens';
import { INVITATION_VALIDITY_MS } from '../invite-admin/invite-admin.handler';

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

  async execute({ input, correlationId }: InviteToIdpCommand): Promise<Identity.InviteToIdpResponse> {
    const { actor, adminId } = input;
    await manageableAdmin(this.store, actor, adminId);
    const at = this.clock.now();
    const expiresAt = new Date(at.getTime() + INVITATION_VALIDITY_MS);
    await handleCommand(
      this.store,
      adminStream(adminId),
      adminDecider,
      { type: 'InviteToIdp', invitationId: newId(), expiresAt, by: actor.adminId },
      eventMetadata({ at, actor: actor.adminId, correlationId }),
    );
    return { adminId, invitationExpiresAt: expiresAt.toISOString() };
  }
}
