import { Inject } from '@nestjs/common';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { Identity, OrganisationView } from '@platform/contracts';
import { type EventStore, eventMetadata, handleCommand } from '@platform/event-store';
import { CLOCK, type Clock, DomainError, isOperator } from '@platform/kernel';
import { IDENTITY_STORE } from '../identity.tokens';
import { organisationDecider } from '../organisation/organisation.decider';
import { organisationStream } from '../organisation/organisation.events';

export class UpdateOrganisationCommand extends Command<OrganisationView> {
  constructor(
    readonly input: Identity.UpdateOrganisationRequest,
    readonly correlationId?: string,
  ) {
    super();
  }
}

/** The operator renames an organisation or changes its member flag; billing and issuance follow the events. */
@CommandHandler(UpdateOrganisationCommand)
export class UpdateOrganisationHandler implements ICommandHandler<UpdateOrganisationCommand> {
  constructor(
    @Inject(IDENTITY_STORE) private readonly store: EventStore,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute({ input, correlationId }: UpdateOrganisationCommand): Promise<OrganisationView> {
    const { actor, organisationId, name, member } = input;
    if (!isOperator(actor))
      throw new DomainError('FORBIDDEN', 'forbidden', 'Only the operator (MRAO) can rename an organisation or change its member flag.');
    const at = this.clock.now();
    const { state } = await handleCommand(
      this.store,
      organisationStream(organisationId),
      organisationDecider,
      { type: 'UpdateOrganisation', ...(name !== undefined ? { name } : {}), ...(member !== undefined ? { member } : {}), by: actor.adminId, at },
      eventMetadata({ at, actor: actor.adminId, correlationId }),
    );
    if (state.status === 'none') throw new DomainError('ORGANISATION_NOT_FOUND', 'not_found', 'No such organisation.', { organisationId });
    return { id: organisationId, name: state.name, member: state.member, createdAt: state.createdAt };
  }
}
