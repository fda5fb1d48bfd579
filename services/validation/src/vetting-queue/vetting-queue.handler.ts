import { Inject } from '@nestjs/common';
import { type IQueryHandler, Query, QueryHandler } from '@nestjs/cqrs';
import type { Validation } from '@platform/contracts';
import type { EventStore } from '@platform/event-store';
import { DomainError, isOperator } from '@platform/kernel';
import { VALIDATION_STORE } from '../validation.tokens';
import { allValidations } from '../validation/validation.directory';

export class VettingQueueQuery extends Query<Validation.VettingQueueResponse> {
  constructor(readonly input: Validation.VettingQueueRequest) {
    super();
  }
}

/**
 * What waits for an MRAO's review, oldest first (the one waiting longest is vetted first). EV anchors are
 * recorded by an MRAO in one step (vet-ev-anchor), so nothing of theirs waits here yet.
 */
@QueryHandler(VettingQueueQuery)
export class VettingQueueHandler implements IQueryHandler<VettingQueueQuery> {
  constructor(@Inject(VALIDATION_STORE) private readonly store: EventStore) {}

  async execute({ input }: VettingQueueQuery): Promise<Validation.VettingQueueResponse> {
    if (!isOperator(input.actor)) throw new DomainError('FORBIDDEN', 'forbidden', 'Only the operator (MRAO) reads the vetting queue.');
    const items = [...(await allValidations(this.store))]
      .flatMap(([organisationId, state]) =>
        state.pending
          ? [
              {
                organisationId,
                kind: 'organisation-details' as const,
                submittedAt: state.pending.submittedAt,
                ...(state.pending.submittedBy ? { submittedBy: state.pending.submittedBy } : {}),
                legalName: state.pending.details.legalName,
                country: state.pending.details.country,
              },
            ]
          : [],
      )
      .sort((a, b) => a.submittedAt.localeCompare(b.submittedAt) || a.organisationId.localeCompare(b.organisationId));
    return { items, total: items.length };
  }
}
