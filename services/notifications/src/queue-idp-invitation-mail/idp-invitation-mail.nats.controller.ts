import { Injectable } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { Identity } from '@platform/contracts';
import { type DeliveredEvent, OnEvent } from '@platform/messaging';
import { QueueIdpInvitationMailCommand } from './queue-idp-invitation-mail.handler';

/** Translates identity's IdP invitations into queued mails; no logic here. */
@Injectable()
export class IdpInvitationMailNatsController {
  constructor(private readonly commands: CommandBus) {}

  @OnEvent(Identity.AdminIdpInvited)
  invited(data: Identity.AdminIdpInvitedData, delivered: DeliveredEvent) {
    return this.commands.execute(new QueueIdpInvitationMailCommand(data, delivered.id));
  }
}
