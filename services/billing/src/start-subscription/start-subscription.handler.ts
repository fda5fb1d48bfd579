import { Inject } from '@nestjs/common';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { Identity, type Billing, type SubscriptionView } from '@platform/contracts';
import { eventMetadata } from '@platform/event-store';
import { CLOCK, type Clock, DomainError, isOperator } from '@platform/kernel';
import { MESSAGE_BUS, type MessageBus, sendRequest } from '@platform/messaging';
import { SubscriptionCommands } from '../subscription/subscription.commands';
import { toView } from '../subscription/subscription.view';

export class StartSubscriptionCommand extends Command<SubscriptionView> {
  constructor(
    readonly input: Billing.StartSubscriptionRequest,
    readonly correlationId?: string,
  ) {
    super();
  }
}

@CommandHandler(StartSubscriptionCommand)
export class StartSubscriptionHandler implements ICommandHandler<StartSubscriptionCommand> {
  constructor(
    private readonly subscriptions: SubscriptionCommands,
    @Inject(MESSAGE_BUS) private readonly bus: MessageBus,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute({ input, correlationId }: StartSubscriptionCommand): Promise<SubscriptionView> {
    const { actor, organisationId, usageClass } = input;
    if (!isOperator(actor))
      throw new DomainError('FORBIDDEN', 'forbidden', 'Only the operator (MRAO) can start a subscription.');
    // The member flag decides the price; identity owns it.
    const organisation = await sendRequest(this.bus, Identity.GetOrganisation, { organisationId }, { headers: { correlationId } });
    const now = this.clock.now();
    const { state } = await this.subscriptions.handle(organisationId,
      {
        type: 'StartSubscription',
        organisationId,
        usageClass,
        member: organisation.member,
        startsOn: input.startsOn ?? now.toISOString().slice(0, 10),
        ...(input.poNumber ? { poNumber: input.poNumber } : {}),
        at: now,
      },
      eventMetadata({ at: now, actor: actor.adminId, correlationId }),
    );
    return toView(state);
  }
}
