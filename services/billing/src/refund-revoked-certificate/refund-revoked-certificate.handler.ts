import { Inject } from '@nestjs/common';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { Issuance } from '@platform/contracts';
import { eventMetadata } from '@platform/event-store';
import { CLOCK, type Clock } from '@platform/kernel';
import { SubscriptionCommands } from '../subscription/subscription.commands';

/** Revoked within 14 days: the unit goes back to the term it was counted in, once. */
export class RefundRevokedCertificateCommand extends Command<void> {
  constructor(
    readonly event: Issuance.CertificateRevokedData,
    readonly eventId: string,
  ) {
    super();
  }
}

@CommandHandler(RefundRevokedCertificateCommand)
export class RefundRevokedCertificateHandler implements ICommandHandler<RefundRevokedCertificateCommand> {
  constructor(
    private readonly subscriptions: SubscriptionCommands,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute({ event, eventId }: RefundRevokedCertificateCommand): Promise<void> {
    const { certificateId, issuedAt, revokedAt } = event;
    await this.subscriptions.handle(event.organisationId,
      { type: 'RefundRevokedCertificate', certificateId, issuedAt, revokedAt },
      // The refund is the revoker's doing: finance's usage row names who revoked, not this handler.
      eventMetadata({ at: this.clock.now(), actor: event.revokedBy, causationId: eventId, correlationId: eventId }),
    );
  }
}
