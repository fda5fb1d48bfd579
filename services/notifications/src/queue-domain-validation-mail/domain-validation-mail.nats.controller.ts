import { Injectable } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { Validation } from '@platform/contracts';
import { type DeliveredEvent, OnEvent } from '@platform/messaging';
import { QueueDomainValidationMailCommand } from './queue-domain-validation-mail.handler';

/** Translates validation's e-mail DCV requests into queued mails; no logic here. */
@Injectable()
export class DomainValidationMailNatsController {
  constructor(private readonly commands: CommandBus) {}

  @OnEvent(Validation.DomainValidationEmailRequested)
  requested(data: Validation.DomainValidationEmailRequestedData, delivered: DeliveredEvent) {
    return this.commands.execute(new QueueDomainValidationMailCommand(data, delivered.id));
  }
}
