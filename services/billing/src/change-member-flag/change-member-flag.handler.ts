import { Inject } from '@nestjs/common';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { Identity } from '@platform/contracts';
import { eventMetadata } from '@platform/event-store';
import { CLOCK, type Clock } from '@platform/kernel';
import { SubscriptionCommands } from '../subscription/subscription.commands';

/**
 * Identity changed an organisation's member flag: the subscription records it, so that the next invoice
 * billing raises on its own (an automatic renewal) is priced with it. Renewals and upgrades by an admin
 * ask identity for the flag at that moment anyway.
 */
export class ChangeMemberFlagCommand extends Command<void> {
  constructor(
    readonly event: Identity.OrganisationMembershipChangedData,
    readonly eventId: string,
  ) {
    super();
  }
}

@CommandHandler(ChangeMemberFlagCommand)
export class ChangeMemberFlagHandler implements ICommandHandler<ChangeMemberFlagCommand> {
  constructor(
    private readonly subscriptions: SubscriptionCommands,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute({ event, eventId }: ChangeMemberFlagCommand): Promise<void> {
    const at = this.clock.now();
    await this.subscriptions.handle(
      event.organisationId,
      { type: 'ChangeMemberFlag', member: event.member, at },
      eventMetadata({ at, actor: 'system:billing', causationId: eventId, correlationId: eventId }),
    );
  }
}
