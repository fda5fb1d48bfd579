import { Inject } from '@nestjs/common';
import { Query, QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import type { HistoryEntry, Identity } from '@platform/contracts';
import { type EventStore, toHistoryEntry } from '@platform/event-store';
import { DomainError, type Grant, visibleOrganisations } from '@platform/kernel';
import { adminView, allAdmins, visibleAdmin } from '../admin/admin-directory';
import { adminStream } from '../admin/admin.events';
import { canSeeAdmin, inOrganisation, visibleGrants } from '../admin/delegation';
import { IDENTITY_STORE } from '../identity.tokens';

/** Reads of admins, each filtered by the caller's grants: a DRAO sees only its departments' admins. */
export class ListAdminsQuery extends Query<Identity.AdminView[]> {
  constructor(readonly input: Identity.ListAdminsRequest) {
    super();
  }
}

export class GetAdminQuery extends Query<Identity.AdminView> {
  constructor(readonly input: Identity.GetAdminRequest) {
    super();
  }
}

export class AdminHistoryQuery extends Query<HistoryEntry[]> {
  constructor(readonly input: Identity.AdminHistoryRequest) {
    super();
  }
}

/** Secrets never leave identity, not even their hashes; the IdP subject stays inside too. */
const SECRET_FIELDS = new Set(['passwordHash', 'secretHash', 'subject']);
const GRANT_FIELDS = new Set(['grants', 'previous']);

@QueryHandler(ListAdminsQuery)
export class ListAdminsHandler implements IQueryHandler<ListAdminsQuery> {
  constructor(@Inject(IDENTITY_STORE) private readonly store: EventStore) {}

  async execute({ input }: ListAdminsQuery): Promise<Identity.AdminView[]> {
    const { actor, organisationId } = input;
    // Filtering by an organisation the caller has no grant in answers 404, as reading it would.
    if (organisationId && !(visibleOrganisations(actor)?.includes(organisationId) ?? true))
      throw new DomainError('ORGANISATION_NOT_FOUND', 'not_found', 'No such organisation.', { organisationId });
    return (await allAdmins(this.store))
      .filter((a) => canSeeAdmin(actor, a) && (!organisationId || inOrganisation(a, organisationId)))
      .sort((a, b) => a.email.localeCompare(b.email))
      .map((a) => ({ ...adminView(a), grants: visibleGrants(actor, a.grants) }));
  }
}

@QueryHandler(GetAdminQuery)
export class GetAdminHandler implements IQueryHandler<GetAdminQuery> {
  constructor(@Inject(IDENTITY_STORE) private readonly store: EventStore) {}

  async execute({ input }: GetAdminQuery): Promise<Identity.AdminView> {
    const admin = await visibleAdmin(this.store, input.actor, input.adminId);
    return { ...adminView(admin), grants: visibleGrants(input.actor, admin.grants) };
  }
}

@QueryHandler(AdminHistoryQuery)
export class AdminHistoryHandler implements IQueryHandler<AdminHistoryQuery> {
  constructor(@Inject(IDENTITY_STORE) private readonly store: EventStore) {}

  async execute({ input }: AdminHistoryQuery): Promise<HistoryEntry[]> {
    const { actor } = input;
    await visibleAdmin(this.store, actor, input.adminId);
    const events = await this.store.readStream(adminStream(input.adminId));
    // Grants in other organisations or departments are left out, as in the admin's view.
    const scoped = (k: string, v: unknown) => (GRANT_FIELDS.has(k) && Array.isArray(v) ? visibleGrants(actor, v as Grant[]) : v);
    return events.map((e) => ({
      ...toHistoryEntry(e),
      data: Object.fromEntries(
        Object.entries(e.data as Record<string, unknown>)
          .filter(([k]) => !SECRET_FIELDS.has(k))
          .map(([k, v]) => [k, scoped(k, v)]),
      ),
    }));
  }
}
