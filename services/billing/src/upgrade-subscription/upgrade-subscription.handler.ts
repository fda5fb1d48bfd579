import { Inject } from '@nestjs/common';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { type Billing, Identity } from '@platform/contracts';
import { eventMetadata } from '@platform/event-store';
import { CLOCK, type Clock } from '@platform/kernel';
import { assertSubscriptionAccess } from '../subscription/subscription.access';
import { MESSAGE_BUS, type MessageBus, sendRequest } from '@platform/messaging';
import { BillingReadModel } from '../projections/billing.read-model';
import { SubscriptionCommands } from '../subscription/subscription.commands';
import { toView } from '../subscription/subscription.view';

/** RAOs of the organisation and MRAOs move the current term to a higher class; the invoice is raised at once. */
export class UpgradeSubscriptionCommand extends Command<Billing.UpgradeSubscriptionResponse> {
  constructor(
    readonly input: Billing.UpgradeSubscriptionRequest,
    readonly correlationId?: string,
  ) {
    super();
  }
}

@CommandHandler(UpgradeSubscriptionCommand)
export class UpgradeSubscriptionHandler implements ICommandHandler<UpgradeSubscriptionCommand> {
  constructor(
    private readonly subscriptions: SubscriptionCommands,
    private readonly readModel: BillingReadModel,
    @Inject(MESSAGE_BUS) private readonly bus: MessageBus,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute({ input, correlationId }: UpgradeSubscriptionCommand): Promise<Billing.UpgradeSubscriptionResponse> {
    const { actor, organisationId, usageClass } = input;
    assertSubscriptionAccess(actor, organisationId, 'manage-subscription');
    // The price depends on the member flag as it is now; identity owns it.
    const { member } = await sendRequest(this.bus, Identity.GetOrganisation, { organisationId }, { headers: { correlationId } });
    const at = this.clock.now();
    const { state, newEvents, position } = await this.subscriptions.handle(
      organisationId,
      { type: 'UpgradeSubscription', usageClass, member, at, by: actor.adminId },
      eventMetadata({ at, actor: actor.adminId, correlationId }),
    );
    const raised = newEvents.find((e) => e.type === 'InvoiceRaised');
    if (!raised || raised.type !== 'InvoiceRaised') throw new Error('unreachable: an upgrade raises an invoice');
    // Read-your-writes: the invoice list shows it straight away.
    if (position !== undefined) await this.readModel.waitFor(position);
    return { subscription: toView(state), invoice: raised.data };
  }
}
