import { Inject } from '@nestjs/common';
import { Query, QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import type { Acme } from '@platform/contracts';
import { type EventStore, aggregateStream } from '@platform/event-store';
import { DomainError, canSee, hasPrivilege } from '@platform/kernel';
import { ACME_STORE } from '../acme.tokens';
import { bindingDecider, bindingStream, organisationBindingsStream } from '../binding/binding.decider';
import { bindingView } from '../binding/binding-view';

export class ListAccountBindingsQuery extends Query<Acme.ListAccountBindingsResponse> {
  constructor(readonly input: Acme.ListAccountBindingsRequest) {
    super();
  }
}

/**
 * The organisation's bindings, newest first, read from their own streams through the organisation's
 * list of key ids (bindings are few: one per client set up in the portal). Each is shown to whoever
 * may manage it: RAOs and the operator see all, a DRAO those of departments where it holds manage-acme.
 */
@QueryHandler(ListAccountBindingsQuery)
export class ListAccountBindingsHandler implements IQueryHandler<ListAccountBindingsQuery> {
  constructor(@Inject(ACME_STORE) private readonly store: EventStore) {}

  async execute({ input: { actor, organisationId } }: ListAccountBindingsQuery): Promise<Acme.ListAccountBindingsResponse> {
    if (!actor.grants.some((g) => g.role === 'MRAO' || g.organisationId === organisationId))
      throw new DomainError('ORGANISATION_NOT_FOUND', 'not_found', 'No such organisation.');
    const listed = await this.store.readStream(organisationBindingsStream(organisationId));
    const views: Acme.AccountBindingView[] = [];
    for (const { data } of listed.reverse()) {
      const { state } = await aggregateStream(this.store, bindingStream((data as { keyId: string }).keyId), bindingDecider);
      if (state.status === 'none') continue;
      const scope = { organisationId, departmentId: state.departmentId };
      if (canSee(actor, scope) && hasPrivilege(actor, 'manage-acme', scope)) views.push(await bindingView(this.store, state));
    }
    return views;
  }
}
