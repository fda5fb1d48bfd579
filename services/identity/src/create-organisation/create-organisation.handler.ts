import { Inject } from '@nestjs/common';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { Identity, OrganisationView } from '@platform/contracts';
import { type EventStore, eventMetadata } from '@platform/event-store';
import { CLOCK, type Clock, DomainError, isOperator, newId } from '@platform/kernel';
import { IDENTITY_STORE } from '../identity.tokens';
import { organisationStream, type OrganisationEvent } from '../organisation/organisation.events';

export class CreateOrganisationCommand extends Command<OrganisationView> {
  constructor(
    readonly input: Identity.CreateOrganisationRequest,
    readonly correlationId?: string,
  ) {
    super();
  }
}

@CommandHandler(CreateOrganisationCommand)
export class CreateOrganisationHandler implements ICommandHandler<CreateOrganisationCommand> {
  constructor(
    @Inject(IDENTITY_STORE) private readonly store: EventStore,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute({ input, correlationId }: CreateOrganisationCommand): Promise<OrganisationView> {
    if (!isOperator(input.actor))
      throw new DomainError('FORBIDDEN', 'forbidden', 'Only the operator (MRAO) can create organisations.');
    const at = this.clock.now();
    const organisationId = newId();
    const event: OrganisationEvent = {
      type: 'OrganisationCreated',
      data: {
        organisationId,
        name: input.name,
        member: input.member,
        createdBy: input.actor.adminId,
        createdAt: at.toISOString(),
      },
    };
    await this.store.appendToStream(
      organisationStream(organisationId),
      [{ ...event, metadata: eventMetadata({ at, actor: input.actor.adminId, correlationId }) }],
      'no_stream',
    );
    return { id: organisationId, name: input.name, member: input.member, createdAt: at.toISOString() };
  }
}
