import { Injectable } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { Validation } from '@platform/contracts';
import { type MessageHeaders, OnRequest } from '@platform/messaging';
import { CheckNamesQuery } from './check-names/check-names.handler';
import { RecordDomainValidationCommand } from './record-domain-validation/record-domain-validation.handler';
import { RecordOrganisationValidationCommand } from './record-organisation-validation/record-organisation-validation.handler';

/** Translates bus messages into commands and queries; no logic here. */
@Injectable()
export class ValidationNatsController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @OnRequest(Validation.RecordOrganisationValidation)
  recordOrganisation(input: Validation.RecordOrganisationValidationRequest, headers: MessageHeaders) {
    return this.commands.execute(new RecordOrganisationValidationCommand(input, headers.correlationId));
  }

  @OnRequest(Validation.RecordDomainValidation)
  recordDomain(input: Validation.RecordDomainValidationRequest, headers: MessageHeaders) {
    return this.commands.execute(new RecordDomainValidationCommand(input, headers.correlationId));
  }

  @OnRequest(Validation.CheckNames)
  checkNames(input: Validation.CheckNamesRequest) {
    return this.queries.execute(new CheckNamesQuery(input));
  }
}
