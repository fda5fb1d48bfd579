import { Query, QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import type { Notifications, OutboxMessage } from '@platform/contracts';
import { DomainError, isOperator } from '@platform/kernel';
import { OutboxReadModel } from '../projections/outbox.projection';

export class ListOutboxQuery extends Query<OutboxMessage[]> {
  constructor(readonly input: Notifications.ListOutboxRequest) {
    super();
  }
}

@QueryHandler(ListOutboxQuery)
export class ListOutboxHandler implements IQueryHandler<ListOutboxQuery> {
  constructor(private readonly outbox: OutboxReadModel) {}

  execute({ input }: ListOutboxQuery): Promise<OutboxMessage[]> {
    if (!isOperator(input.actor)) throw new DomainError('FORBIDDEN', 'forbidden', 'Only the operator (MRAO) can read the outbox.');
    return this.outbox.list({ to: input.to, limit: input.limit });
  }
}
