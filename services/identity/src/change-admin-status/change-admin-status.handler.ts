import { Inject } from '@nestjs/common';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { Identity } from '@platform/contracts';
import type { EventStore } from '@platform/event-store';
import { CLOCK, type Clock } from '@platform/kernel';
import { manageableAdmin } from '../admin/admin-directory';
import { applyAdminCommand } from '../admin/apply-admin-command';
import { IDENTITY_STORE } from '../identity.tokens';

export class ChangeAdminStatusCommand extends Command<Identity.AdminView> {
  constructor(
    readonly input: Identity.ChangeAdminStatusRequest,
    readonly correlationId?: string,
  ) {
    super();
  }
}

const COMMAND = { suspend: 'SuspendAdmin', reactivate: 'ReactivateAdmin', delete: 'DeleteAdmin' } as const;

/** Suspend, reactivate or delete another admin the caller may manage; repeating an action changes nothing. */
@CommandHandler(ChangeAdminStatusCommand)
export class ChangeAdminStatusHandler implements ICommandHandler<ChangeAdminStatusCommand> {
  constructor(
    @Inject(IDENTITY_STORE) private readonly store: EventStore,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute({ input, correlationId }: ChangeAdminStatusCommand): Promise<Identity.AdminView> {
    const { actor, adminId, action } = input;
    await manageableAdmin(this.store, actor, adminId);
    return applyAdminCommand(this.store, adminId, { type: COMMAND[action], by: actor.adminId }, { at: this.clock.now(), actor: actor.adminId, correlationId });
  }
}
