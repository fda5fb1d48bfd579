import { Inject } from '@nestjs/common';
import { Query, QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { type Acme, Identity } from '@platform/contracts';
import { type EventStore, aggregateStream } from '@platform/event-store';
import { DomainError, canSee, hasPrivilege, isOperator } from '@platform/kernel';
import { MESSAGE_BUS, type MessageBus, sendRequest } from '@platform/messaging';
import { ACME_STORE } from '../acme.tokens';
import { bindingDecider, bindingStream, organisationBindingsStream } from '../binding/binding.decider';
import { bindingView } from '../binding/binding-view';

export class ListAccountBindingsQuery extends Query<Acme.ListAccountBindingsResponse> {
  constructor(
    readonly input: Acme.ListAccountBindingsRequest,
    readonly correlationId?: string,
  ) {
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
  constructor(
    @Inject(ACME_STORE) private readonly store: EventStore,
    @Inject(MESSAGE_BUS) private readonly bus: MessageBus,
  ) {}

  async execute({ input: { actor, organisationId }, correlationId }: ListAccountBindingsQuery): Promise<Acme.ListAccountBindingsResponse> {
    if (!actor.grants.some((g) => g.role === 'MRAO' || g.organisationId === organisationId))
      throw new DomainError('ORGANISATION_NOT_FOUND', 'not_found', 'No such organisation.');
    const listed = await this.store.readStream(organisationBindingsStream(organisationId));
    // An admin's grant names an organisation that exists; the operator may name any id, so an
    // organisation with no binding is asked of identity: an unknown one is 404, not an empty list.
    if (listed.length === 0 && isOperator(actor)) await sendRequest(this.bus, Identity.GetOrganisation, { organisationId }, { headers: { correlationId } });
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
