import { Injectable } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { Acme } from '@platform/contracts';
import { type MessageHeaders, OnRequest } from '@platform/messaging';
import { CreateAccountBindingCommand } from './create-account-binding/create-account-binding.handler';
import { DisableAccountBindingCommand } from './disable-account-binding/disable-account-binding.handler';
import { ListAccountBindingsQuery } from './list-account-bindings/list-account-bindings.handler';

/** Translates bus messages into commands; no logic here. */
@Injectable()
export class AcmeNatsController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @OnRequest(Acme.CreateAccountBinding)
  createBinding(input: Acme.CreateAccountBindingRequest, headers: MessageHeaders) {
    return this.commands.execute(new CreateAccountBindingCommand(input, headers.correlationId));
  }

  @OnRequest(Acme.ListAccountBindings)
  listBindings(input: Acme.ListAccountBindingsRequest, headers: MessageHeaders) {
    return this.queries.execute(new ListAccountBindingsQuery(input, headers.correlationId));
  }

  @OnRequest(Acme.DisableAccountBinding)
  disableBinding(input: Acme.DisableAccountBindingRequest, headers: MessageHeaders) {
    return this.commands.execute(new DisableAccountBindingCommand(input, headers.correlationId));
  }
}
