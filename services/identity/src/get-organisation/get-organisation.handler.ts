import { Inject } from '@nestjs/common';
import { Query, QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import type { Identity, OrganisationView } from '@platform/contracts';
import type { EventStore } from '@platform/event-store';
import { DomainError, visibleOrganisations } from '@platform/kernel';
import { IDENTITY_STORE } from '../identity.tokens';
import { organisationStream, type OrganisationEvent } from '../organisation/organisation.events';

/**
 * Without an actor the caller is another service (e.g. billing asking for the member flag). Any grant in the
 * organisation (a DRAO's too) shows its name; other organisations answer 404.
 */
export class GetOrganisationQuery extends Query<OrganisationView> {
  constructor(readonly input: Identity.GetOrganisationRequest) {
    super();
  }
}

@QueryHandler(GetOrganisationQuery)
export class GetOrganisationHandler implements IQueryHandler<GetOrganisationQuery> {
  constructor(@Inject(IDENTITY_STORE) private readonly store: EventStore) {}

  async execute({ input }: GetOrganisationQuery): Promise<OrganisationView> {
    const { actor, organisationId } = input;
    const [created] =
      !actor || (visibleOrganisations(actor)?.includes(organisationId) ?? true)
        ? ((await this.store.readStream(organisationStream(organisationId), { maxCount: 1 })) as unknown as Extract<OrganisationEvent, { type: 'OrganisationCreated' }>[])
        : [];
    if (!created) throw new DomainError('ORGANISATION_NOT_FOUND', 'not_found', 'No such organisation.', { organisationId });
    const { name, member, createdAt } = created.data;
    return { id: organisationId, name, member, createdAt };
  }
}
