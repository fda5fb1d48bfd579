import { Inject } from '@nestjs/common';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { Billing } from '@platform/contracts';
import { eventMetadata } from '@platform/event-store';
import { CLOCK, type Clock } from '@platform/kernel';
import { SubscriptionCommands } from '../subscription/subscription.commands';

/**
 * Issuance confirms its reservation just before signing: counted now if still live, refused
 * (RESERVATION_LAPSED) if it expired or was released, so no certificate is signed without a unit.
 */
export class ConfirmAllowanceCommand extends Command<Billing.ConfirmAllowanceResponse> {
  constructor(
    readonly input: Billing.ConfirmAllowanceRequest,
    readonly correlationId?: string,
  ) {
    super();
  }
}

@CommandHandler(ConfirmAllowanceCommand)
export class ConfirmAllowanceHandler implements ICommandHandler<ConfirmAllowanceCommand> {
  constructor(
    private readonly subscriptions: SubscriptionCommands,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute({ input, correlationId }: ConfirmAllowanceCommand): Promise<Billing.ConfirmAllowanceResponse> {
    // Billing's own clock says whether the reservation is still live; the certificate's instant is what is counted.
    const at = this.clock.now();
    const { state } = await this.subscriptions.handle(
      input.organisationId,
      { type: 'ConfirmAllowance', certificateId: input.certificateId, at, issuedAt: input.issuedAt },
      // The unit is counted for whoever requested the certificate: that is who finance's usage row names.
      eventMetadata({ at, actor: input.requestedBy ?? 'system:issuance', correlationId }),
    );
    if (state.status === 'none') throw new Error('unreachable: confirmed without a subscription');
    return { termStart: state.counted.get(input.certificateId)!.termStart };
  }
}
