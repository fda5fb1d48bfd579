import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { type EventStore, type RecordedEvent, type Subscription, WrongExpectedRevisionError, eventMetadata } from '@platform/event-store';
import { CLOCK, type Clock } from '@platform/kernel';
import { createTransport, type Transporter } from 'nodemailer';
import { type MailEvent, mailStream } from '../mail/mail.events';
import { NOTIFICATIONS_CONFIG, NOTIFICATIONS_STORE, type NotificationsConfig } from '../notifications.tokens';

const MAX_ATTEMPTS = 5;

/** Why a send attempt failed, a fixed set (a metric's label): the SMTP server, or recording the sent mail. */
export type MailFailureReason = 'smtp' | 'store';
const CHECKPOINT = 'mail-sender';

/**
 * Sends queued mail through SMTP when SMTP_URL is set; without it, mail stays in the outbox.
 * Driven by a checkpointed subscription on the notifications store, so a restart neither loses
 * nor (beyond one in-flight message) repeats a message.
 */
@Injectable()
export class MailSender implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('MailSender');
  private transport?: Transporter;
  private subscription?: Subscription;
  private stopped = false;
  /** failed attempts since the process started, for /metrics (a counter: Prometheus reads the restart's reset) */
  private readonly failures: Record<MailFailureReason, number> = { smtp: 0, store: 0 };

  constructor(
    @Inject(NOTIFICATIONS_STORE) private readonly store: EventStore,
    @Inject(NOTIFICATIONS_CONFIG) private readonly config: NotificationsConfig,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (!this.config.smtpUrl) return;
    this.transport = createTransport(this.config.smtpUrl);
    await this.subscribe();
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    await this.subscription?.stop();
    this.transport?.close();
  }

  failedAttempts(): Readonly<Record<MailFailureReason, number>> {
    return { ...this.failures };
  }

  private async subscribe(): Promise<void> {
    const after = await this.store.loadCheckpoint(CHECKPOINT);
    this.subscription = this.store.subscribeToAll((e) => this.handle(e), {
      after,
      onError: (error) => {
        this.logger.error('mail sender stopped; resuming from its checkpoint', error as Error);
        if (!this.stopped) setTimeout(() => void this.subscribe().catch(() => undefined), 1000);
      },
    });
  }

  private async handle(recorded: RecordedEvent): Promise<void> {
    const event = recorded as unknown as MailEvent;
    if (event.type === 'MailQueued') await this.send(event.data);
    await this.store.saveCheckpoint(CHECKPOINT, recorded.position);
  }

  private async send(mail: Extract<MailEvent, { type: 'MailQueued' }>['data']): Promise<void> {
    const history = await this.store.readStream(mailStream(mail.mailId));
    if (history.some((e) => e.type === 'MailSent')) return;
    for (let attempt = 1; attempt <= MAX_ATTEMPTS && !this.stopped; attempt++) {
      let stage: MailFailureReason = 'smtp';
      try {
        const info = await this.transport!.sendMail({ from: this.config.from, to: mail.to, subject: mail.subject, text: mail.text });
        stage = 'store';
        await this.record(mail.mailId, { type: 'MailSent', data: { mailId: mail.mailId, sentAt: this.clock.now().toISOString(), messageId: info.messageId } });
        return;
      } catch (error) {
        this.failures[stage]++;
        this.logger.warn(`sending mail ${mail.mailId} failed (attempt ${attempt}): ${(error as Error).message}`);
        if (attempt === MAX_ATTEMPTS)
          await this.record(mail.mailId, {
            type: 'MailFailed',
            data: { mailId: mail.mailId, failedAt: this.clock.now().toISOString(), error: (error as Error).message, attempt },
          });
        else await new Promise((r) => setTimeout(r, 200 * 2 ** attempt));
      }
    }
  }

  private async record(mailId: string, event: MailEvent): Promise<void> {
    const at = this.clock.now();
    try {
      await this.store.appendToStream(mailStream(mailId), [{ ...event, metadata: eventMetadata({ at, actor: 'system:mail-sender' }) }], 'any');
    } catch (error) {
      if (!(error instanceof WrongExpectedRevisionError)) throw error;
    }
  }
}
