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

  async execute({ input, correlationId }: ReinviteAdminCommand): Promise<Identity.ReinviteAdminResponse> {
    const { actor, adminId } = input;
    await manageableAdmin(this.store, actor, adminId);
    const at = this.clock.now();
    const expiresAt = new Date(at.getTime() + INVITATION_VALIDITY_MS);
    await handleCommand(
      this.store,
      adminStream(adminId),
      adminDecider,
      { type: 'ReinviteAdmin', invitationId: newId(), expiresAt, by: actor.adminId },
      eventMetadata({ at, actor: actor.adminId, correlationId }),
    );
    return { adminId, invitationExpiresAt: expiresAt.toISOString() };
  }
}
