import { Inject } from '@nestjs/common';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { Issuance } from '@platform/contracts';
import { type EventStore, eventMetadata, handleCommand } from '@platform/event-store';
import { CLOCK, type Clock } from '@platform/kernel';
import { BILLING_STORE } from '../billing.tokens';
import { subscriptionDecider } from '../subscription/subscription.decider';
import { subscriptionStream } from '../subscription/subscription.events';

/** The issued event confirms the reservation: the certificate counts once against its term. */
export class CountIssuedCertificateCommand extends Command<void> {
  constructor(
    readonly event: Issuance.CertificateIssuedData,
    readonly eventId: string,
  ) {
    super();
  }
}

@CommandHandler(CountIssuedCertificateCommand)
export class CountIssuedCertificateHandler implements ICommandHandler<CountIssuedCertificateCommand> {
  constructor(
    @Inject(BILLING_STORE) private readonly store: EventStore,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute({ event, eventId }: CountIssuedCertificateCommand): Promise<void> {
    await handleCommand(
      this.store,
      subscriptionStream(event.organisationId),
      subscriptionDecider,
      { type: 'CountIssuedCertificate', certificateId: event.certificateId, issuedAt: event.issuedAt },
      eventMetadata({ at: this.clock.now(), actor: 'system:billing', causationId: eventId, correlationId: eventId }),
    );
  }
}
