import { Inject } from '@nestjs/common';
import { Query, QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import type { Identity } from '@platform/contracts';
import type { EventStore } from '@platform/event-store';
import { allAdmins } from '../admin/admin-directory';
import { IDENTITY_STORE } from '../identity.tokens';

/** Recipients of subscription and certificate notices (→ notifications): active accounts only, no secrets. */
export class OrganisationAdminsQuery extends Query<Identity.OrganisationAdminsResponse> {
  constructor(readonly input: Identity.OrganisationAdminsRequest) {
    super();
  }
}

@QueryHandler(OrganisationAdminsQuery)
export class OrganisationAdminsHandler implements IQueryHandler<OrganisationAdminsQuery> {
  constructor(@Inject(IDENTITY_STORE) private readonly store: EventStore) {}

  async execute({ input: { organisationId } }: OrganisationAdminsQuery): Promise<Identity.OrganisationAdminsResponse> {
    const active = (await allAdmins(this.store)).filter((a) => a.status === 'active');
    const recipient = (a: (typeof active)[number]) => ({ adminId: a.adminId, email: a.email, name: a.name });
    const byEmail = (a: { email: string }, b: { email: string }) => a.email.localeCompare(b.email);
    return {
      raos: active.filter((a) => a.grants.some((g) => g.role === 'RAO' && g.organisationId === organisationId)).map(recipient).sort(byEmail),
      mraos: active.filter((a) => a.grants.some((g) => g.role === 'MRAO')).map(recipient).sort(byEmail),
      draos: active
        .map((a) => ({
          ...recipient(a),
          departmentIds: a.grants.filter((g) => g.role === 'DRAO' && g.organisationId === organisationId && g.departmentId).map((g) => g.departmentId!),
        }))
        .filter((a) => a.departmentIds.length > 0)
        .sort(byEmail),
    };
  }
}
