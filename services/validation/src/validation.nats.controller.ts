import { Injectable } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { Validation } from '@platform/contracts';
import { type MessageHeaders, OnRequest } from '@platform/messaging';
import { CheckNamesQuery } from './check-names/check-names.handler';
import { GetValidationQuery } from './get-validation/get-validation.handler';
import { RecordDomainValidationCommand } from './record-domain-validation/record-domain-validation.handler';
import { RecordOrganisationValidationCommand } from './record-organisation-validation/record-organisation-validation.handler';
import { ReviewOrganisationDetailsCommand } from './review-organisation-details/review-organisation-details.handler';
import { SubmitOrganisationDetailsCommand } from './submit-organisation-details/submit-organisation-details.handler';
import { VetEvAnchorCommand } from './vet-ev-anchor/vet-ev-anchor.handler';
import { OrganisationValidationStatesQuery } from './organisation-validation-states/organisation-validation-states.handler';
import { VettingQueueQuery } from './vetting-queue/vetting-queue.handler';
import { SubmitEvAnchorCommand } from './submit-ev-anchor/submit-ev-anchor.handler';

/** Organisation vetting and issuance checks: translates bus messages into commands and queries; no logic here. */
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

  @OnRequest(Validation.SubmitOrganisationDetails)
  submitDetails(input: Validation.SubmitOrganisationDetailsRequest, headers: MessageHeaders) {
    return this.commands.execute(new SubmitOrganisationDetailsCommand(input, headers.correlationId));
  }

  @OnRequest(Validation.ReviewOrganisationDetails)
  reviewDetails(input: Validation.ReviewOrganisationDetailsRequest, headers: MessageHeaders) {
    return this.commands.execute(new ReviewOrganisationDetailsCommand(input, headers.correlationId));
  }

  @OnRequest(Validation.VetEvAnchor)
  vetEv(input: Validation.VetEvAnchorRequest, headers: MessageHeaders) {
    return this.commands.execute(new VetEvAnchorCommand(input, headers.correlationId));
  }

  @OnRequest(Validation.GetValidation)
  get(input: Validation.GetValidationRequest) {
    return this.queries.execute(new GetValidationQuery(input));
  }

  @OnRequest(Validation.SubmitEvAnchor)
  submitEv(input: Validation.SubmitEvAnchorRequest, headers: MessageHeaders) {
    return this.commands.execute(new SubmitEvAnchorCommand(input, headers.correlationId));
  }

  @OnRequest(Validation.VettingQueue)
  vettingQueue(input: Validation.VettingQueueRequest) {
    return this.queries.execute(new VettingQueueQuery(input));
  }

  @OnRequest(Validation.OrganisationValidationStates)
  organisationStates(input: Validation.OrganisationValidationStatesRequest) {
    return this.queries.execute(new OrganisationValidationStatesQuery(input));
  }

  @OnRequest(Validation.CheckNames)
  checkNames(input: Validation.CheckNamesRequest) {
    return this.queries.execute(new CheckNamesQuery(input));
  }
}
