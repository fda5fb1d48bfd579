import { Inject } from '@nestjs/common';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { Identity } from '@platform/contracts';
import { type EventStore, eventMetadata, handleCommand } from '@platform/event-store';
import { CLOCK, type Clock, newId } from '@platform/kernel';
import { claimEmail } from '../admin/admin-directory';
import { adminDecider } from '../admin/admin.decider';
import { adminStream } from '../admin/admin.events';
import { checkPasswordPolicy, hashPassword } from '../admin/passwords';
import { IDENTITY_STORE } from '../identity.tokens';

/** The first operator (MRAO), from configuration at start-up. Running it again changes nothing. */
export class BootstrapOperatorCommand extends Command<Identity.BootstrapOperatorResponse> {
  constructor(readonly input: Identity.BootstrapOperatorRequest) {
    super();
  }
}

@CommandHandler(BootstrapOperatorCommand)
export class BootstrapOperatorHandler implements ICommandHandler<BootstrapOperatorCommand> {
  constructor(
    @Inject(IDENTITY_STORE) private readonly store: EventStore,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute({ input }: BootstrapOperatorCommand): Promise<Identity.BootstrapOperatorResponse> {
    const at = this.clock.now();
    const claim = await claimEmail(this.store, input.email, newId(), at, 'system:bootstrap');
    if (claim.accountExists) return { adminId: claim.adminId, created: false };
    checkPasswordPolicy(input.password, input.email);
    const { newEvents } = await handleCommand(
      this.store,
      adminStream(claim.adminId),
      adminDecider,
      {
        type: 'CreateOperator',
        adminId: claim.adminId,
        email: input.email,
        name: input.name,
        passwordHash: await hashPassword(input.password),
      },
      eventMetadata({ at, actor: 'system:bootstrap' }),
    );
    return { adminId: claim.adminId, created: newEvents.length > 0 };
  }
}
