import { Inject } from '@nestjs/common';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { Validation } from '@platform/contracts';
import { VALIDATION_CONFIG } from '../validation.tokens';
import type { ValidationConfig } from '../validation.config';
import { assertOperator } from '../validation/validation.access';
import { validationView } from '../validation/validation.view';
import { ValidationWriter } from '../validation/validation.writer';

export class ReviewOrganisationDetailsCommand extends Command<Validation.ReviewOrganisationDetailsResponse> {
  constructor(
    readonly input: Validation.ReviewOrganisationDetailsRequest,
    readonly correlationId?: string,
  ) {
    super();
  }
}

@CommandHandler(ReviewOrganisationDetailsCommand)
export class ReviewOrganisationDetailsHandler implements ICommandHandler<ReviewOrganisationDetailsCommand> {
  constructor(
    private readonly writer: ValidationWriter,
    @Inject(VALIDATION_CONFIG) private readonly config: ValidationConfig,
  ) {}

  async execute({ input, correlationId }: ReviewOrganisationDetailsCommand) {
    assertOperator(input.actor, input.organisationId, 'vet organisation details');
    const base = { organisationId: input.organisationId, by: input.actor.adminId };
    const { state, at } = await this.writer.execute(
      input.decision === 'approve' ? { ...base, type: 'ApproveOrganisationDetails' } : { ...base, type: 'RejectOrganisationDetails', reason: input.reason },
      correlationId,
    );
    return validationView(input.organisationId, state, at, this.config.cnameTarget);
  }
}
