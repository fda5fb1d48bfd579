import { Inject } from '@nestjs/common';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { Issuance } from '@platform/contracts';
import { eventMetadata } from '@platform/event-store';
import { CLOCK, type Clock } from '@platform/kernel';
import { SubscriptionCommands } from '../subscription/subscription.commands';

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
    private readonly subscriptions: SubscriptionCommands,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute({ event, eventId }: CountIssuedCertificateCommand): Promise<void> {
    await this.subscriptions.handle(event.organisationId,
      { type: 'CountIssuedCertificate', certificateId: event.certificateId, issuedAt: event.issuedAt },
      eventMetadata({ at: this.clock.now(), actor: 'system:billing', causationId: eventId, correlationId: eventId }),
    );
  }
}
