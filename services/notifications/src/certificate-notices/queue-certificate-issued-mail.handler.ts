import { Inject } from '@nestjs/common';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { Issuance } from '@platform/contracts';
import type { EventStore } from '@platform/event-store';
import { CLOCK, type Clock } from '@platform/kernel';
import { MESSAGE_BUS, type MessageBus } from '@platform/messaging';
import { queueMail } from '../mail/queue-mail';
import { certificateAddressees } from '../mail/recipients';
import { NOTIFICATIONS_CONFIG, NOTIFICATIONS_STORE, type NotificationsConfig } from '../notifications.tokens';
import { certificateIssuedMail } from './certificate-notices.templates';
import { recordCertificateNotice } from './certificate-notices.writer';

export class QueueCertificateIssuedMailCommand extends Command<void> {
  constructor(
    readonly event: Issuance.CertificateIssuedData,
    readonly eventId: string,
  ) {
    super();
  }
}

/**
 * The requester gets the download links (an ACME certificate's requester is no admin: the
 * organisation's RAOs get them instead); the certificate is watched for its expiry notices.
 * Mail ids join the event id and the admin id, so a redelivery queues nothing twice.
 */
@CommandHandler(QueueCertificateIssuedMailCommand)
export class QueueCertificateIssuedMailHandler implements ICommandHandler<QueueCertificateIssuedMailCommand> {
  constructor(
    @Inject(NOTIFICATIONS_STORE) private readonly store: EventStore,
    @Inject(NOTIFICATIONS_CONFIG) private readonly config: NotificationsConfig,
    @Inject(MESSAGE_BUS) private readonly bus: MessageBus,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute({ event, eventId }: QueueCertificateIssuedMailCommand): Promise<void> {
    const { requester, raos } = await certificateAddressees(this.bus, event, eventId);
    const at = this.clock.now();
    for (const to of requester ? [requester] : raos)
      await queueMail(this.store, {
        mailId: `${eventId}-${to.adminId}`,
        mail: certificateIssuedMail(to, event, this.config.publicUrl),
        cause: 'certificate-issued',
        causationId: eventId,
        at,
      });
    // Certificates published before notAfter was in the event cannot be watched; they get no expiry notices.
    if (!event.notAfter) return;
    const { certificateId, organisationId, departmentId, requestedBy, commonName, names, serialNumber, issuedAt, notAfter } = event;
    const certificate = { certificateId, organisationId, ...(departmentId ? { departmentId } : {}), requestedBy, ...(commonName ? { commonName } : {}), names, serialNumber, issuedAt, notAfter };
    await recordCertificateNotice(this.store, certificateId, { type: 'WatchCertificate', certificate }, { at, causationId: eventId });
  }
}
