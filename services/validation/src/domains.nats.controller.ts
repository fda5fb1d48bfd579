import { Injectable } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { Validation } from '@platform/contracts';
import { type MessageHeaders, OnRequest } from '@platform/messaging';
import { AddDomainCommand } from './add-domain/add-domain.handler';
import { CheckDomainCommand } from './check-domain/check-domain.handler';
import { ConfirmDomainValidationEmailCommand } from './confirm-domain-validation-email/confirm-domain-validation-email.handler';
import { DelegateDomainCommand } from './delegate-domain/delegate-domain.handler';
import { SendDomainValidationEmailCommand } from './send-domain-validation-email/send-domain-validation-email.handler';

/** Domain control validation and delegation: translates bus messages into commands; no logic here. */
@Injectable()
export class DomainsNatsController {
  constructor(private readonly commands: CommandBus) {}

  @OnRequest(Validation.AddDomain)
  add(input: Validation.AddDomainRequest, headers: MessageHeaders) {
    return this.commands.execute(new AddDomainCommand(input, headers.correlationId));
  }

  @OnRequest(Validation.CheckDomain)
  check(input: Validation.CheckDomainRequest, headers: MessageHeaders) {
    return this.commands.execute(new CheckDomainCommand(input, headers.correlationId));
  }

  @OnRequest(Validation.SendDomainValidationEmail)
  sendEmail(input: Validation.SendDomainValidationEmailRequest, headers: MessageHeaders) {
    return this.commands.execute(new SendDomainValidationEmailCommand(input, headers.correlationId));
  }

  @OnRequest(Validation.ConfirmDomainValidationEmail)
  confirmEmail(input: Validation.ConfirmDomainValidationEmailRequest, headers: MessageHeaders) {
    return this.commands.execute(new ConfirmDomainValidationEmailCommand(input, headers.correlationId));
  }

  @OnRequest(Validation.DelegateDomain)
  delegate(input: Validation.DelegateDomainRequest, headers: MessageHeaders) {
    return this.commands.execute(new DelegateDomainCommand(input, headers.correlationId));
  }
}
