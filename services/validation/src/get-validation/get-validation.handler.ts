import { Inject } from '@nestjs/common';
import { type IQueryHandler, Query, QueryHandler } from '@nestjs/cqrs';
import type { Validation } from '@platform/contracts';
import { VALIDATION_CONFIG } from '../validation.tokens';
import type { ValidationConfig } from '../validation.config';
import { assertInScope } from '../validation/validation.access';
import { validationView } from '../validation/validation.view';
import { ValidationWriter } from '../validation/validation.writer';

export class GetValidationQuery extends Query<Validation.GetValidationResponse> {
  constructor(readonly input: Validation.GetValidationRequest) {
    super();
  }
}

@QueryHandler(GetValidationQuery)
export class GetValidationHandler implements IQueryHandler<GetValidationQuery> {
  constructor(
    private readonly writer: ValidationWriter,
    @Inject(VALIDATION_CONFIG) private readonly config: ValidationConfig,
  ) {}

  async execute({ input }: GetValidationQuery) {
    assertInScope(input.actor, input.organisationId);
    return validationView(input.organisationId, await this.writer.read(input.organisationId), this.writer.now(), this.config.cnameTarget);
  }
}
