import { Inject } from '@nestjs/common';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { Issuance } from '@platform/contracts';
import type { EventStore } from '@platform/event-store';
import { CLOCK, type Clock } from '@platform/kernel';
import { MESSAGE_BUS, type MessageBus } from '@platform/messaging';
import { queueMail } from '../mail/queue-mail';
import { certificateAddressees, distinctAddressees } from '../mail/recipients';
import { NOTIFICATIONS_CONFIG, NOTIFICATIONS_STORE, type NotificationsConfig } from '../notifications.tokens';
import { certificateRevokedMail } from './certificate-notices.templates';
import { recordCertificateNotice } from './certificate-notices.writer';

export class QueueCertificateRevokedMailCommand extends Command<void> {
  constructor(
    readonly event: Issuance.CertificateRevokedData,
    readonly eventId: string,
  ) {
    super();
  }
}

/** The requester and the organisation's RAOs learn of the revocation and its reason; the certificate gets no expiry notices. */
@CommandHandler(QueueCertificateRevokedMailCommand)
export class QueueCertificateRevokedMailHandler implements ICommandHandler<QueueCertificateRevokedMailCommand> {
  constructor(
    @Inject(NOTIFICATIONS_STORE) private readonly store: EventStore,
    @Inject(NOTIFICATIONS_CONFIG) private readonly config: NotificationsConfig,
    @Inject(MESSAGE_BUS) private readonly bus: MessageBus,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute({ event, eventId }: QueueCertificateRevokedMailCommand): Promise<void> {
    const at = this.clock.now();
    const { state } = await recordCertificateNotice(
      this.store,
      event.certificateId,
      { type: 'UnwatchCertificate', certificateId: event.certificateId, revokedAt: event.revokedAt },
      { at, causationId: eventId },
    );
    // The revoked event does not name the requester; the watched certificate does (unless the revocation came first).
    const requestedBy = state.status === 'revoked' ? (state.certificate?.requestedBy ?? '') : '';
    const { requester, raos } = await certificateAddressees(this.bus, { ...event, requestedBy }, eventId);
    for (const to of distinctAddressees([requester], raos))
      await queueMail(this.store, {
        mailId: `${eventId}-${to.adminId}`,
        mail: certificateRevokedMail(to, event, this.config.publicUrl),
        cause: 'certificate-revoked',
        causationId: eventId,
        at,
      });
  }
}
