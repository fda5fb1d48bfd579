import { Injectable } from '@nestjs/common';
import { OutboxReadModel } from './projections/outbox.projection';
import { type MailFailureReason, MailSender } from './send-mail/mail-sender';

/**
 * What notifications reports at each scrape of its process's /metrics (the platform hands it to
 * PlatformMetrics): the outbox from its read model, failed sends from the sender's own count.
 */
@Injectable()
export class NotificationsMetrics {
  constructor(
    private readonly outbox: OutboxReadModel,
    private readonly sender: MailSender,
  ) {}

  /**
   * Mails neither sent nor failed for good. With SMTP_URL: the sender's backlog, near 0 when healthy.
   * Without it nothing is sent, so every mail stays queued and the depth only rises: the outbox is then
   * the delivery (read through the API), not a backlog.
   */
  outboxDepth(): Promise<number> {
    return this.outbox.outboxDepth();
  }

  /** Send attempts that failed since the process started, by reason (each retry counts). */
  mailFailures(): Readonly<Record<MailFailureReason, number>> {
    return this.sender.failedAttempts();
  }
}
