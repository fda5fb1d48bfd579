import { Inject } from '@nestjs/common';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { Identity } from '@platform/contracts';
import { type EventStore, eventMetadata, handleCommand } from '@platform/event-store';
import { CLOCK, type Clock, DomainError, newId } from '@platform/kernel';
import { claimEmail } from '../admin/admin-directory';
import { adminDecider } from '../admin/admin.decider';
import { adminStream } from '../admin/admin.events';
import { IDENTITY_STORE } from '../identity.tokens';
import { checkGrantable } from '../admin/grant-check';

export const INVITATION_VALIDITY_MS = 7 * 86_400_000;

export class InviteAdminCommand extends Command<Identity.InviteAdminResponse> {
  constructor(
    readonly input: Identity.InviteAdminRequest,
    readonly correlationId?: string,
  ) {
    super();
  }
}

/** Version 1 (RAO only), kept for its callers; AddAdmin is the general form. Admins are added only by admins with access to the scope; the invitee sets a password through the e-mailed link. */
@CommandHandler(InviteAdminCommand)
export class InviteAdminHandler implements ICommandHandler<InviteAdminCommand> {
  constructor(
    @Inject(IDENTITY_STORE) private readonly store: EventStore,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute({ input, correlationId }: InviteAdminCommand): Promise<Identity.InviteAdminResponse> {
    const { actor, organisationId, email, name } = input;
    // The same rules as AddAdmin: the scope must be visible, and the actor must hold what it gives.
    await checkGrantable(this.store, actor, [{ role: 'RAO', organisationId }]);
    const at = this.clock.now();
    const claim = await claimEmail(this.store, email, newId(), at, actor.adminId);
    if (claim.accountExists)
      throw new DomainError('ADMIN_EXISTS', 'conflict', `An admin with the address ${email} exists already.`, { email });
    const expiresAt = new Date(at.getTime() + INVITATION_VALIDITY_MS);
    await handleCommand(
      this.store,
      adminStream(claim.adminId),
      adminDecider,
      {
        type: 'InviteAdmin',
        adminId: claim.adminId,
        email,
        name,
        grants: [{ role: 'RAO', organisationId }],
        by: actor.adminId,
        invitationId: newId(),
        expiresAt,
      },
      eventMetadata({ at, actor: actor.adminId, correlationId }),
    );
    return { adminId: claim.adminId, invitationExpiresAt: expiresAt.toISOString() };
  }
}
