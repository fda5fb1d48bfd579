import { Injectable } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { Validation } from '@platform/contracts';
import { type DeliveredEvent, OnEvent } from '@platform/messaging';
import { QueueVettingMailCommand } from './queue-vetting-mail.handler';

/** Organisation details submitted for vetting → a mail to every MRAO; translation only. */
@Injectable()
export class VettingMailNatsController {
  constructor(private readonly commands: CommandBus) {}

  @OnEvent(Validation.OrganisationDetailsSubmitted)
  submitted(data: Validation.OrganisationDetailsSubmittedData, delivered: DeliveredEvent) {
    return this.commands.execute(new QueueVettingMailCommand(data, delivered.id));
  }
}
