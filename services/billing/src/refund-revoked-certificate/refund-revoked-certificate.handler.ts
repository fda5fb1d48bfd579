import { Inject } from '@nestjs/common';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { Issuance } from '@platform/contracts';
import { type EventStore, eventMetadata, handleCommand } from '@platform/event-store';
import { CLOCK, type Clock } from '@platform/kernel';
import { BILLING_STORE } from '../billing.tokens';
import { subscriptionDecider } from '../subscription/subscription.decider';
import { subscriptionStream } from '../subscription/subscription.events';

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
    @Inject(BILLING_STORE) private readonly store: EventStore,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute({ event, eventId }: RefundRevokedCertificateCommand): Promise<void> {
    const { certificateId, issuedAt, revokedAt } = event;
    await handleCommand(
      this.store,
      subscriptionStream(event.organisationId),
      subscriptionDecider,
      { type: 'RefundRevokedCertificate', certificateId, issuedAt, revokedAt },
      eventMetadata({ at: this.clock.now(), actor: 'system:billing', causationId: eventId, correlationId: eventId }),
    );
  }
}
