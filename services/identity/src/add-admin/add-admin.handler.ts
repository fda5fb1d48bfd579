import { randomBytes } from 'node:crypto';
import { Inject } from '@nestjs/common';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { Identity } from '@platform/contracts';
import { type EventStore, eventMetadata, handleCommand } from '@platform/event-store';
import { CLOCK, type Clock, DomainError, newId } from '@platform/kernel';
import { claimEmail } from '../admin/admin-directory';
import { adminDecider } from '../admin/admin.decider';
import { adminStream } from '../admin/admin.events';
import { checkGrantable } from '../admin/grant-check';
import { hashPassword } from '../admin/passwords';
import { IDENTITY_STORE } from '../identity.tokens';
import { INVITATION_VALIDITY_MS } from '../invite-admin/invite-admin.handler';

export class AddAdminCommand extends Command<Identity.AddAdminResponse> {
  constructor(
    readonly input: Identity.AddAdminRequest,
    readonly correlationId?: string,
  ) {
    super();
  }
}

/**
 * Standard admins get an e-mailed single-use link to set a password; API admins get a credential,
 * answered once and kept only as an argon2id hash.
 */
@CommandHandler(AddAdminCommand)
export class AddAdminHandler implements ICommandHandler<AddAdminCommand> {
  constructor(
    @Inject(IDENTITY_STORE) private readonly store: EventStore,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute({ input, correlationId }: AddAdminCommand): Promise<Identity.AddAdminResponse> {
    const { actor, email, name, grants, type } = input;
    await checkGrantable(this.store, actor, grants);
    const at = this.clock.now();
    const claim = await claimEmail(this.store, email, newId(), at, actor.adminId);
    if (claim.accountExists)
      throw new DomainError('ADMIN_EXISTS', 'conflict', `An admin with the address ${email} exists already; change its grants instead.`, { email });
    const { adminId } = claim;
    const metadata = eventMetadata({ at, actor: actor.adminId, correlationId });
    if (type === 'api') {
      const secret = randomBytes(32).toString('base64url');
      const secretHash = await hashPassword(secret);
      await handleCommand(this.store, adminStream(adminId), adminDecider, { type: 'CreateApiAdmin', adminId, email, name, grants, by: actor.adminId, secretHash }, metadata);
      return { adminId, apiCredential: `${adminId}.${secret}` };
    }
    const expiresAt = new Date(at.getTime() + INVITATION_VALIDITY_MS);
    await handleCommand(
      this.store,
      adminStream(adminId),
      adminDecider,
      { type: 'InviteAdmin', adminId, email, name, grants, by: actor.adminId, invitationId: newId(), expiresAt },
      metadata,
    );
    return { adminId, invitationExpiresAt: expiresAt.toISOString() };
  }
}
