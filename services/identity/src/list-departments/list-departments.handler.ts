import { Inject } from '@nestjs/common';
import { Query, QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import type { Identity } from '@platform/contracts';
import { type EventStore, aggregateStream } from '@platform/event-store';
import { DomainError, visibleDepartments } from '@platform/kernel';
import { IDENTITY_STORE } from '../identity.tokens';
import { organisationDecider } from '../organisation/organisation.decider';
import { organisationStream } from '../organisation/organisation.events';

export class ListDepartmentsQuery extends Query<Identity.DepartmentView[]> {
  constructor(readonly input: Identity.ListDepartmentsRequest) {
    super();
  }
}

/** The organisation's departments; a DRAO sees only its own; an organisation it cannot see answers 404. */
@QueryHandler(ListDepartmentsQuery)
export class ListDepartmentsHandler implements IQueryHandler<ListDepartmentsQuery> {
  constructor(@Inject(IDENTITY_STORE) private readonly store: EventStore) {}

  async execute({ input }: ListDepartmentsQuery): Promise<Identity.DepartmentView[]> {
    const { actor, organisationId } = input;
    const visible = visibleDepartments(actor, organisationId);
    const { state } = visible?.length === 0 ? { state: undefined } : await aggregateStream(this.store, organisationStream(organisationId), organisationDecider);
    if (!state || state.status === 'none')
      throw new DomainError('ORGANISATION_NOT_FOUND', 'not_found', 'No such organisation.', { organisationId });
    return state.departments
      .filter((d) => !visible || visible.includes(d.id))
      .map((d) => ({ id: d.id, organisationId, name: d.name, createdAt: d.createdAt }));
  }
}
