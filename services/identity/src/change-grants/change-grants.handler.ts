import { Inject } from '@nestjs/common';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { Identity } from '@platform/contracts';
import type { EventStore } from '@platform/event-store';
import { CLOCK, type Clock } from '@platform/kernel';
import { manageableAdmin } from '../admin/admin-directory';
import { applyAdminCommand } from '../admin/apply-admin-command';
import { checkGrantable } from '../admin/grant-check';
import { IDENTITY_STORE } from '../identity.tokens';

export class ChangeGrantsCommand extends Command<Identity.AdminView> {
  constructor(
    readonly input: Identity.ChangeGrantsRequest,
    readonly correlationId?: string,
  ) {
    super();
  }
}

/**
 * Replaces another admin's grants: the caller must be able to give both what the admin holds now and
 * what it is to hold. The new grants take effect at the admin's next sign-in or token refresh.
 */
@CommandHandler(ChangeGrantsCommand)
export class ChangeGrantsHandler implements ICommandHandler<ChangeGrantsCommand> {
  constructor(
    @Inject(IDENTITY_STORE) private readonly store: EventStore,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute({ input, correlationId }: ChangeGrantsCommand): Promise<Identity.AdminView> {
    const { actor, adminId, grants } = input;
    await manageableAdmin(this.store, actor, adminId);
    await checkGrantable(this.store, actor, grants);
    return applyAdminCommand(this.store, adminId, { type: 'ChangeGrants', grants, by: actor.adminId }, { at: this.clock.now(), actor: actor.adminId, correlationId });
  }
}
