import { Inject } from '@nestjs/common';
import { Query, QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import type { Identity } from '@platform/contracts';
import type { EventStore } from '@platform/event-store';
import { IDENTITY_STORE } from '../identity.tokens';
import { allOrganisations } from '../organisation/organisation-directory';

export class OrganisationNamesQuery extends Query<Identity.OrganisationNamesResponse> {
  constructor(readonly input: Identity.OrganisationNamesRequest) {
    super();
  }
}

/** Names as they are now (after any rename), for another service's listing. */
@QueryHandler(OrganisationNamesQuery)
export class OrganisationNamesHandler implements IQueryHandler<OrganisationNamesQuery> {
  constructor(@Inject(IDENTITY_STORE) private readonly store: EventStore) {}

  async execute({ input }: OrganisationNamesQuery): Promise<Identity.OrganisationNamesResponse> {
    const wanted = new Set(input.organisationIds);
    const items = (await allOrganisations(this.store)).filter((o) => wanted.has(o.organisationId)).map((o) => ({ id: o.organisationId, name: o.name }));
    return { items };
  }
}
