import { Inject } from '@nestjs/common';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { Validation } from '@platform/contracts';
import { VALIDATION_CONFIG } from '../validation.tokens';
import type { ValidationConfig } from '../validation.config';
import { assertInScope } from '../validation/validation.access';
import { validationView } from '../validation/validation.view';
import { ValidationWriter } from '../validation/validation.writer';

export class SubmitOrganisationDetailsCommand extends Command<Validation.SubmitOrganisationDetailsResponse> {
  constructor(
    readonly input: Validation.SubmitOrganisationDetailsRequest,
    readonly correlationId?: string,
  ) {
    super();
  }
}

@CommandHandler(SubmitOrganisationDetailsCommand)
export class SubmitOrganisationDetailsHandler implements ICommandHandler<SubmitOrganisationDetailsCommand> {
  constructor(
    private readonly writer: ValidationWriter,
    @Inject(VALIDATION_CONFIG) private readonly config: ValidationConfig,
  ) {}

  async execute({ input, correlationId }: SubmitOrganisationDetailsCommand) {
    assertInScope(input.actor, input.organisationId);
    const { state, at } = await this.writer.execute(
      { type: 'SubmitOrganisationDetails', organisationId: input.organisationId, details: input.details, by: input.actor.adminId },
      correlationId,
    );
    return validationView(input.organisationId, state, at, this.config.cnameTarget);
  }
}
