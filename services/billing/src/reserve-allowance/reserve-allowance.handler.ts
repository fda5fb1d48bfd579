import { Inject } from '@nestjs/common';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { Billing } from '@platform/contracts';
import { eventMetadata } from '@platform/event-store';
import { CLOCK, type Clock } from '@platform/kernel';
import { SubscriptionCommands } from '../subscription/subscription.commands';

/**
 * Issuance reserves one unit before signing. Appends race on the subscription stream's revision,
 * so concurrent requests can never reserve more than the allowance.
 */
export class ReserveAllowanceCommand extends Command<Billing.ReserveAllowanceResponse> {
  constructor(
    readonly input: Billing.ReserveAllowanceRequest,
    readonly correlationId?: string,
  ) {
    super();
  }
}

@CommandHandler(ReserveAllowanceCommand)
export class ReserveAllowanceHandler implements ICommandHandler<ReserveAllowanceCommand> {
  constructor(
    private readonly subscriptions: SubscriptionCommands,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute({ input, correlationId }: ReserveAllowanceCommand): Promise<Billing.ReserveAllowanceResponse> {
    const at = this.clock.now();
    const { state } = await this.subscriptions.handle(input.organisationId,
      { type: 'ReserveAllowance', certificateId: input.certificateId, at },
      eventMetadata({ at, actor: 'system:issuance', correlationId }),
    );
    if (state.status === 'none') throw new Error('unreachable: reserve succeeded without a subscription');
    return { termStart: state.reservations[input.certificateId]?.termStart ?? state.counted.get(input.certificateId)!.termStart };
  }
}
