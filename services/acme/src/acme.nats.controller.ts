import { Injectable } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { Acme } from '@platform/contracts';
import { type MessageHeaders, OnRequest } from '@platform/messaging';
import { CreateAccountBindingCommand } from './create-account-binding/create-account-binding.handler';

/** Translates bus messages into commands; no logic here. */
@Injectable()
export class AcmeNatsController {
  constructor(private readonly commands: CommandBus) {}

  @OnRequest(Acme.CreateAccountBinding)
  createBinding(input: Acme.CreateAccountBindingRequest, headers: MessageHeaders) {
    return this.commands.execute(new CreateAccountBindingCommand(input, headers.correlationId));
  }
}
