import { Inject } from '@nestjs/common';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { Billing, SubscriptionView } from '@platform/contracts';
import { eventMetadata } from '@platform/event-store';
import { CLOCK, type Clock } from '@platform/kernel';
import { assertSubscriptionAccess } from '../subscription/subscription.access';
import { BillingReadModel } from '../projections/billing.read-model';
import { SubscriptionCommands } from '../subscription/subscription.commands';
import { toView } from '../subscription/subscription.view';

/** A PO number for an invoice; for the automatic renewal's invoice it lifts a suspension. */
export class ProvidePurchaseOrderCommand extends Command<SubscriptionView> {
  constructor(
    readonly input: Billing.ProvidePurchaseOrderRequest,
    readonly correlationId?: string,
  ) {
    super();
  }
}

@CommandHandler(ProvidePurchaseOrderCommand)
export class ProvidePurchaseOrderHandler implements ICommandHandler<ProvidePurchaseOrderCommand> {
  constructor(
    private readonly subscriptions: SubscriptionCommands,
    private readonly readModel: BillingReadModel,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute({ input, correlationId }: ProvidePurchaseOrderCommand): Promise<SubscriptionView> {
    const { actor, organisationId, poNumber, invoiceNumber } = input;
    assertSubscriptionAccess(actor, organisationId, 'manage-subscription');
    const at = this.clock.now();
    const { state, position } = await this.subscriptions.handle(
      organisationId,
      { type: 'ProvidePurchaseOrder', poNumber, invoiceNumber, at, by: actor.adminId },
      eventMetadata({ at, actor: actor.adminId, correlationId }),
    );
    if (position !== undefined) await this.readModel.waitFor(position);
    return toView(state);
  }
}
