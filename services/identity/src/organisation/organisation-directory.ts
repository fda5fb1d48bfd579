import type { EventStore } from '@platform/event-store';
import { organisationDecider, type OrganisationState } from './organisation.decider';
import type { OrganisationEvent } from './organisation.events';

export type ActiveOrganisation = Extract<OrganisationState, { status: 'active' }>;

const ORGANISATION_EVENT_TYPES = new Set<string>(['OrganisationCreated', 'DepartmentCreated', 'OrganisationRenamed', 'OrganisationMembershipChanged']);

/**
 * Every organisation as it is now, folded from the log. Fine for the few hundred customer
 * organisations of the service (as allAdmins is for admins); a read model replaces it when numbers grow.
 */
export async function allOrganisations(store: EventStore): Promise<ActiveOrganisation[]> {
  const states = new Map<string, OrganisationState>();
  for (let after: bigint | undefined; ; ) {
    const page = await store.readAll({ after, maxCount: 1000 });
    for (const e of page)
      if (ORGANISATION_EVENT_TYPES.has(e.type) && e.streamId.startsWith('organisation-'))
        states.set(e.streamId, organisationDecider.evolve(states.get(e.streamId) ?? organisationDecider.initialState(), e as unknown as OrganisationEvent));
    if (page.length < 1000) break;
    after = page[page.length - 1].position;
  }
  return [...states.values()].filter((s): s is ActiveOrganisation => s.status === 'active');
}
