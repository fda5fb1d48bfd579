import { Inject } from '@nestjs/common';
import { Query, QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { Billing, Identity, Validation } from '@platform/contracts';
import type { EventStore } from '@platform/event-store';
import { visibleOrganisations } from '@platform/kernel';
import { MESSAGE_BUS, type MessageBus, sendRequest } from '@platform/messaging';
import { IDENTITY_STORE } from '../identity.tokens';
import { allOrganisations } from '../organisation/organisation-directory';

export class ListOrganisationsQuery extends Query<Identity.ListOrganisationsResponse> {
  constructor(
    readonly input: Identity.ListOrganisationsRequest,
    readonly correlationId?: string,
  ) {
    super();
  }
}

/**
 * The operator's desk: organisations by name with their member flag, subscription state (billing) and
 * validation state (validation), filtered and then paged. An RAO or DRAO sees only its own organisations.
 */
@QueryHandler(ListOrganisationsQuery)
export class ListOrganisationsHandler implements IQueryHandler<ListOrganisationsQuery> {
  constructor(
    @Inject(IDENTITY_STORE) private readonly store: EventStore,
    @Inject(MESSAGE_BUS) private readonly bus: MessageBus,
  ) {}

  async execute({ input, correlationId }: ListOrganisationsQuery): Promise<Identity.ListOrganisationsResponse> {
    const { actor, name, member, subscription, validation, page, pageSize } = input;
    const visible = visibleOrganisations(actor);
    const needle = name?.trim().toLowerCase();
    const organisations = (await allOrganisations(this.store))
      .filter((o) => !visible || visible.includes(o.organisationId))
      .filter((o) => !needle || o.name.toLowerCase().includes(needle))
      .filter((o) => member === undefined || o.member === member);
    const organisationIds = organisations.map((o) => o.organisationId);
    const headers = { headers: { correlationId } };
    const [subscriptions, validations] = organisationIds.length
      ? await Promise.all([
          sendRequest(this.bus, Billing.SubscriptionStates, { organisationIds }, headers),
          sendRequest(this.bus, Validation.OrganisationValidationStates, { organisationIds }, headers),
        ])
      : [{ items: [] }, { items: [] }];
    const subscriptionOf = new Map(subscriptions.items.map((s) => [s.organisationId, s.status]));
    const validationOf = new Map(validations.items.map((v) => [v.organisationId, v.status]));
    const rows: Identity.OrganisationSummary[] = organisations
      .map((o) => ({
        id: o.organisationId,
        name: o.name,
        member: o.member,
        createdAt: o.createdAt,
        subscription: subscriptionOf.get(o.organisationId) ?? ('none' as const),
        validation: validationOf.get(o.organisationId) ?? ('not-submitted' as const),
      }))
      .filter((o) => !subscription || o.subscription === subscription)
      .filter((o) => !validation || o.validation === validation)
      .sort((a, b) => a.name.localeCompare(b.name, 'en') || a.id.localeCompare(b.id));
    return { items: rows.slice((page - 1) * pageSize, page * pageSize), total: rows.length, page, pageSize };
  }
}
