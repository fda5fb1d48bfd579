import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { type EventStore, aggregateStream } from '@platform/event-store';
import { CLOCK, type Clock, Ticker } from '@platform/kernel';
import { MESSAGE_BUS, type MessageBus } from '@platform/messaging';
import { queueMail } from '../mail/queue-mail';
import { certificateAddressees, distinctAddressees } from '../mail/recipients';
import { NOTIFICATIONS_CONFIG, NOTIFICATIONS_STORE, type NotificationsConfig } from '../notifications.tokens';
import { OutboxReadModel } from '../projections/outbox.projection';
import { FanOutWebhooksCommand } from '../webhooks/fan-out/fan-out-webhooks.handler';
import { certificateNoticesDecider, dueNotice } from './certificate-notices.decider';
import { certificateNoticesStream } from './certificate-notices.events';
import { certificateExpiringMail } from './certificate-notices.templates';
import { recordCertificateNotice } from './certificate-notices.writer';

const PAGE = 200;
const HOUR_MS = 3_600_000;

/**
 * Expiry notices (mails and webhook deliveries), 30, 7 and 1 days before notAfter. The timer only says "look now": what is due comes
 * from each certificate's notices stream and the clock. The mails and deliveries are made first, under
 * ids made of the certificate, the threshold and the admin or endpoint (so again makes nothing), then the notice
 * is recorded with the stream's expected revision: a crash in between sends the same mails on the next
 * sweep, never a second copy, and a second instance's sweep finds the notice recorded.
 */
@Injectable()
export class ExpiryNoticesSweeper implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(ExpiryNoticesSweeper.name);
  private readonly ticker = new Ticker(() => this.sweepOnce(), (e) => this.logger.error('certificate expiry sweep failed', e as Error));

  constructor(
    @Inject(NOTIFICATIONS_STORE) private readonly store: EventStore,
    @Inject(NOTIFICATIONS_CONFIG) private readonly config: NotificationsConfig,
    @Inject(MESSAGE_BUS) private readonly bus: MessageBus,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly readModel: OutboxReadModel,
    private readonly commands: CommandBus,
  ) {}

  onApplicationBootstrap(): void {
    const interval = this.config.expirySweepMs ?? HOUR_MS;
    if (interval > 0) this.ticker.start(interval);
  }

  onApplicationShutdown(): Promise<void> {
    return this.ticker.stop();
  }

  /** One sweep at a time; a call during a sweep waits for it. Answers how many notices it recorded. */
  sweep(): Promise<number> {
    return this.ticker.tick();
  }

  private async sweepOnce(): Promise<number> {
    const now = this.clock.now();
    await this.readModel.caughtUp({ projections: ['certificate-expiry'] });
    let recorded = 0;
    // A notice recorded moves its row's due time on, so the next page is new work. A failure (identity
    // unreachable) ends the sweep; the next tick finds the same notices due.
    for (;;) {
      const due = await this.readModel.expiryNoticesDue(now, PAGE);
      let page = 0;
      for (const { certificateId } of due) if (await this.notify(certificateId, now)) page++;
      recorded += page;
      if (due.length < PAGE || page === 0) return recorded;
      await this.readModel.caughtUp({ projections: ['certificate-expiry'] });
    }
  }

  private async notify(certificateId: string, at: Date): Promise<boolean> {
    const { state } = await aggregateStream(this.store, certificateNoticesStream(certificateId), certificateNoticesDecider);
    if (state.status !== 'watching') return false;
    const daysBefore = dueNotice(state.certificate, state.lastNoticeDays, at);
    if (daysBefore === undefined) return false;
    const causationId = `expiry-${certificateId}-${daysBefore}`;
    const { requester, raos, draos } = await certificateAddressees(this.bus, state.certificate, causationId);
    for (const to of distinctAddressees([requester], raos, draos))
      await queueMail(this.store, {
        mailId: `${causationId}-${to.adminId}`,
        mail: certificateExpiringMail(to, state.certificate, daysBefore, this.config.publicUrl),
        cause: 'certificate-expiring',
        causationId,
        at,
      });
    const { certificateId: id, organisationId, departmentId, serialNumber, names, commonName, notAfter } = state.certificate;
    const data = { certificateId: id, organisationId, ...(departmentId ? { departmentId } : {}), serialNumber, names, ...(commonName ? { commonName } : {}), notAfter, daysBefore };
    await this.commands.execute(new FanOutWebhooksCommand(organisationId, 'certificate.expiring', causationId, data));
    const { newEvents } = await recordCertificateNotice(this.store, certificateId, { type: 'RecordExpiryNotice', at }, { at, causationId });
    return newEvents.length > 0;
  }
}
