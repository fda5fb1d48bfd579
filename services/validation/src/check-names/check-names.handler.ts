import { Inject } from '@nestjs/common';
import { Query, QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import type { Validation } from '@platform/contracts';
import { type EventStore, aggregateStream } from '@platform/event-store';
import { CLOCK, type Clock } from '@platform/kernel';
import { VALIDATION_STORE } from '../validation.tokens';
import { checkNames } from '../validation/coverage';
import { validationDecider } from '../validation/validation.decider';
import { validationStream } from '../validation/validation.events';

export class CheckNamesQuery extends Query<Validation.CheckNamesResponse> {
  constructor(readonly input: Validation.CheckNamesRequest) {
    super();
  }
}

@QueryHandler(CheckNamesQuery)
export class CheckNamesHandler implements IQueryHandler<CheckNamesQuery> {
  constructor(
    @Inject(VALIDATION_STORE) private readonly store: EventStore,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute({ input }: CheckNamesQuery) {
    const { state } = await aggregateStream(this.store, validationStream(input.organisationId), validationDecider);
    // Subject data come with organisation vetting; until then the name comes from identity.
    return { ...checkNames(state, input.names, this.clock.now()), subject: {} };
  }
}
