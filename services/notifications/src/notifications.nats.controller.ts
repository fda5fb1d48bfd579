import { Injectable } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { Identity, Notifications } from '@platform/contracts';
import { type DeliveredEvent, OnEvent, OnRequest } from '@platform/messaging';
import { ListOutboxQuery } from './list-outbox/list-outbox.handler';
import { QueueInvitationMailCommand } from './queue-invitation-mail/queue-invitation-mail.handler';

/** Translates bus messages into commands and queries; no logic here. */
@Injectable()
export class NotificationsNatsController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @OnEvent(Identity.AdminInvited)
  adminInvited(data: Identity.AdminInvitedData, delivered: DeliveredEvent) {
    return this.commands.execute(new QueueInvitationMailCommand(data, delivered.id));
  }

  @OnRequest(Notifications.ListOutbox)
  listOutbox(input: Notifications.ListOutboxRequest) {
    return this.queries.execute(new ListOutboxQuery(input));
  }
}
