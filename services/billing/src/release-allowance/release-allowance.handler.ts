import { Inject } from '@nestjs/common';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { Billing } from '@platform/contracts';
import { eventMetadata } from '@platform/event-store';
import { CLOCK, type Clock } from '@platform/kernel';
import { SubscriptionCommands } from '../subscription/subscription.commands';

/** Issuance gives the unit back when signing failed (a confirmed one too, when it says so). */
export class ReleaseAllowanceCommand extends Command<Billing.ReleaseAllowanceResponse> {
  constructor(
    readonly input: Billing.ReleaseAllowanceRequest,
    readonly correlationId?: string,
  ) {
    super();
  }
}

@CommandHandler(ReleaseAllowanceCommand)
export class ReleaseAllowanceHandler implements ICommandHandler<ReleaseAllowanceCommand> {
  constructor(
    private readonly subscriptions: SubscriptionCommands,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute({ input, correlationId }: ReleaseAllowanceCommand): Promise<Billing.ReleaseAllowanceResponse> {
    const at = this.clock.now();
    const { newEvents } = await this.subscriptions.handle(input.organisationId,
      { type: 'ReleaseAllowance', certificateId: input.certificateId, at, ...(input.confirmed ? { confirmed: true } : {}) },
      eventMetadata({ at, actor: 'system:issuance', correlationId }),
    );
    return { released: newEvents.length > 0 };
  }
}
