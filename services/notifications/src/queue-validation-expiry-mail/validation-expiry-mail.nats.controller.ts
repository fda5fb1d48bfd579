import { Injectable } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { Validation } from '@platform/contracts';
import { type DeliveredEvent, OnEvent } from '@platform/messaging';
import { QueueValidationExpiryMailCommand } from './queue-validation-expiry-mail.handler';

/** Translates validation's expiry notices into mails to the RAOs; no logic here. */
@Injectable()
export class ValidationExpiryMailNatsController {
  constructor(private readonly commands: CommandBus) {}

  @OnEvent(Validation.ValidationExpiring)
  expiring(data: Validation.ValidationExpiringData, delivered: DeliveredEvent) {
    return this.commands.execute(new QueueValidationExpiryMailCommand(data, delivered.id));
  }
}
