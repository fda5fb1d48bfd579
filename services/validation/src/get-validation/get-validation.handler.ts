import { Inject } from '@nestjs/common';
import { type IQueryHandler, Query, QueryHandler } from '@nestjs/cqrs';
import type { Validation } from '@platform/contracts';
import { VALIDATION_CONFIG } from '../validation.tokens';
import type { ValidationConfig } from '../validation.config';
import { readableDepartments } from '../validation/validation.access';
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
    const departments = readableDepartments(input.actor, input.organisationId);
    const view = validationView(input.organisationId, await this.writer.read(input.organisationId), this.writer.now(), this.config.cnameTarget);
    if (!departments) return view;
    // A DRAO: the domains delegated to its departments, and only those delegations.
    const domains = view.domains
      .map((d) => ({ ...d, departmentIds: d.departmentIds.filter((id) => departments.includes(id)) }))
      .filter((d) => d.departmentIds.length > 0)
      .map(({ challenge: _challenge, ...d }) => d);
    return { ...view, domains };
  }
}
