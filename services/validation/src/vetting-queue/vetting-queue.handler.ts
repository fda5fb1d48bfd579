import { Inject } from '@nestjs/common';
import { type IQueryHandler, Query, QueryHandler } from '@nestjs/cqrs';
import type { Validation } from '@platform/contracts';
import type { EventStore } from '@platform/event-store';
import { DomainError, isOperator } from '@platform/kernel';
import { VALIDATION_STORE } from '../validation.tokens';
import { allValidations } from '../validation/validation.directory';
import type { ValidationState } from '../validation/validation.state';

export class VettingQueueQuery extends Query<Validation.VettingQueueResponse> {
  constructor(readonly input: Validation.VettingQueueRequest) {
    super();
  }
}

type Item = Validation.VettingQueueResponse['items'][number];

/** What of one organisation waits for an MRAO: submitted details, submitted EV details. */
function waiting(organisationId: string, state: ValidationState): Item[] {
  const items: Item[] = [];
  const { pending, pendingEv } = state;
  if (pending)
    items.push({ organisationId, kind: 'organisation-details', submittedAt: pending.submittedAt, ...(pending.submittedBy ? { submittedBy: pending.submittedBy } : {}), details: pending.details });
  if (pendingEv) items.push({ organisationId, kind: 'ev-anchor', submittedAt: pendingEv.submittedAt, submittedBy: pendingEv.submittedBy, ev: pendingEv.ev });
  return items;
}

/** What waits for an MRAO's review, oldest first: the one waiting longest is vetted first. */
@QueryHandler(VettingQueueQuery)
export class VettingQueueHandler implements IQueryHandler<VettingQueueQuery> {
  constructor(@Inject(VALIDATION_STORE) private readonly store: EventStore) {}

  async execute({ input }: VettingQueueQuery): Promise<Validation.VettingQueueResponse> {
    if (!isOperator(input.actor)) throw new DomainError('FORBIDDEN', 'forbidden', 'Only the operator (MRAO) reads the vetting queue.');
    const items = [...(await allValidations(this.store))]
      .flatMap(([organisationId, state]) => waiting(organisationId, state))
      .sort((a, b) => a.submittedAt.localeCompare(b.submittedAt) || a.organisationId.localeCompare(b.organisationId) || a.kind.localeCompare(b.kind));
    return { items, total: items.length };
  }
}
