import { Inject } from '@nestjs/common';
import { type IQueryHandler, Query, QueryHandler } from '@nestjs/cqrs';
import type { Validation } from '@platform/contracts';
import type { EventStore } from '@platform/event-store';
import { CLOCK, type Clock } from '@platform/kernel';
import { VALIDATION_CONFIG, VALIDATION_STORE } from '../validation.tokens';
import type { ValidationConfig } from '../validation.config';
import { allValidations } from '../validation/validation.directory';
import { validationView } from '../validation/validation.view';

export class OrganisationValidationStatesQuery extends Query<Validation.OrganisationValidationStatesResponse> {
  constructor(readonly input: Validation.OrganisationValidationStatesRequest) {
    super();
  }
}

/** Another service's question (identity's organisation listing): each organisation's OV state now. */
@QueryHandler(OrganisationValidationStatesQuery)
export class OrganisationValidationStatesHandler implements IQueryHandler<OrganisationValidationStatesQuery> {
  constructor(
    @Inject(VALIDATION_STORE) private readonly store: EventStore,
    @Inject(VALIDATION_CONFIG) private readonly config: ValidationConfig,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute({ input }: OrganisationValidationStatesQuery): Promise<Validation.OrganisationValidationStatesResponse> {
    const states = await allValidations(this.store);
    const now = this.clock.now();
    return {
      items: input.organisationIds.flatMap((organisationId) => {
        const state = states.get(organisationId);
        return state ? [{ organisationId, status: validationView(organisationId, state, now, this.config.cnameTarget).status }] : [];
      }),
    };
  }
}
