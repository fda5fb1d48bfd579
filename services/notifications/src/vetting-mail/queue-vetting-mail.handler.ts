import { Inject } from '@nestjs/common';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { Identity, type Validation } from '@platform/contracts';
import type { EventStore } from '@platform/event-store';
import { CLOCK, type Clock } from '@platform/kernel';
import { MESSAGE_BUS, type MessageBus, sendRequest } from '@platform/messaging';
import { queueMail } from '../mail/queue-mail';
import { NOTIFICATIONS_STORE } from '../notifications.tokens';
import { vettingMail } from './vetting-mail.template';

/** One submission → one mail per active MRAO, each in `mail-<eventId>-<adminId>`: a redelivery queues nothing twice. */
export class QueueVettingMailCommand extends Command<void> {
  constructor(
    readonly submitted: Validation.OrganisationDetailsSubmittedData,
    readonly eventId: string,
  ) {
    super();
  }
}

@CommandHandler(QueueVettingMailCommand)
export class QueueVettingMailHandler implements ICommandHandler<QueueVettingMailCommand> {
  constructor(
    @Inject(NOTIFICATIONS_STORE) private readonly store: EventStore,
    @Inject(MESSAGE_BUS) private readonly bus: MessageBus,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute({ submitted, eventId }: QueueVettingMailCommand): Promise<void> {
    const { organisationId } = submitted;
    const headers = { headers: { correlationId: eventId } };
    const [{ mraos }, organisation] = await Promise.all([
      sendRequest(this.bus, Identity.OrganisationAdmins, { organisationId }, headers),
      sendRequest(this.bus, Identity.GetOrganisation, { organisationId }, headers),
    ]);
    const at = this.clock.now();
    for (const mrao of mraos)
      await queueMail(this.store, {
        mailId: `${eventId}-${mrao.adminId}`,
        mail: vettingMail(mrao, organisation.name, submitted),
        cause: 'vetting-requested',
        causationId: eventId,
        at,
      });
  }
}
