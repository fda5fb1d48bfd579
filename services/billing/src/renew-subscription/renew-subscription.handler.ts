import { Inject } from '@nestjs/common';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { type Billing, Identity } from '@platform/contracts';
import { eventMetadata } from '@platform/event-store';
import { CLOCK, type Clock, canActOnOrganisation } from '@platform/kernel';
import { assertSubscriptionAccess } from '../subscription/subscription.access';
import { MESSAGE_BUS, type MessageBus, sendRequest } from '@platform/messaging';
import { BillingReadModel } from '../projections/billing.read-model';
import { SubscriptionCommands } from '../subscription/subscription.commands';
import { subscriptionNotFound } from '../subscription/subscription.view';
import { organisationOfLink, renewalLinkInvalid, renewalOutcome } from './renewal-outcome';

/**
 * Renewing through the reminder's link (or the subscription page). A second RAO gets the first one's
 * renewal back (who, when) instead of an error, and no second invoice: the decider gives no events.
 */
export class RenewSubscriptionCommand extends Command<Billing.RenewalOutcome> {
  constructor(
    readonly input: Billing.RenewSubscriptionRequest,
    readonly correlationId?: string,
  ) {
    super();
  }
}

@CommandHandler(RenewSubscriptionCommand)
export class RenewSubscriptionHandler implements ICommandHandler<RenewSubscriptionCommand> {
  constructor(
    private readonly subscriptions: SubscriptionCommands,
    private readonly readModel: BillingReadModel,
    @Inject(MESSAGE_BUS) private readonly bus: MessageBus,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute({ input, correlationId }: RenewSubscriptionCommand): Promise<Billing.RenewalOutcome> {
    const { actor, renewalLink, poNumber, usageClass } = input;
    const organisationId = renewalLink ? organisationOfLink(renewalLink) : input.organisationId!;
    if (!canActOnOrganisation(actor, organisationId)) throw renewalLink ? renewalLinkInvalid() : subscriptionNotFound();
    assertSubscriptionAccess(actor, organisationId, 'manage-subscription');
    const { member } = await sendRequest(this.bus, Identity.GetOrganisation, { organisationId }, { headers: { correlationId } });
    const at = this.clock.now();
    const { state, newEvents, position } = await this.subscriptions.handle(
      organisationId,
      { type: 'RenewSubscription', usageClass, member, poNumber, at, by: actor.adminId, byEmail: actor.email, renewalLink },
      eventMetadata({ at, actor: actor.adminId, correlationId }),
    );
    if (state.status === 'none') throw subscriptionNotFound();
    if (position !== undefined) await this.readModel.waitFor(position);
    const term = renewalLink ? state.renewalLinks[renewalLink] : state.term.start;
    const renewal = state.renewals[term];
    const outcome = newEvents.some((e) => e.type === 'SubscriptionRenewed' && !e.data.automatic)
      ? 'renewed'
      : newEvents.some((e) => e.type === 'PurchaseOrderReceived')
        ? 'po-received'
        : 'already-renewed';
    return renewalOutcome(organisationId, outcome, renewal);
  }
}
