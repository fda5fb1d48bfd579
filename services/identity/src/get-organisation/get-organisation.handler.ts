import { Inject } from '@nestjs/common';
import { Query, QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import type { Identity, OrganisationView } from '@platform/contracts';
import { type EventStore, aggregateStream } from '@platform/event-store';
import { DomainError, visibleOrganisations } from '@platform/kernel';
import { IDENTITY_STORE } from '../identity.tokens';
import { organisationDecider } from '../organisation/organisation.decider';
import { organisationStream } from '../organisation/organisation.events';

/**
 * Without an actor the caller is another service (e.g. billing asking for the member flag). Any grant in the
 * organisation (a DRAO's too) shows its name; other organisations answer 404. Name and member flag are the
 * ones in force now (the whole stream is folded: renames and member flag changes follow the creation).
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
    const visible = !actor || (visibleOrganisations(actor)?.includes(organisationId) ?? true);
    const state = visible ? (await aggregateStream(this.store, organisationStream(organisationId), organisationDecider)).state : undefined;
    if (!state || state.status === 'none') throw new DomainError('ORGANISATION_NOT_FOUND', 'not_found', 'No such organisation.', { organisationId });
    const { name, member, createdAt } = state;
    return { id: organisationId, name, member, createdAt };
  }
}
