import { Inject } from '@nestjs/common';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { Identity } from '@platform/contracts';
import { type EventStore, eventMetadata, handleCommand } from '@platform/event-store';
import { CLOCK, type Clock, DomainError, canSee, hasPrivilege, newId } from '@platform/kernel';
import { IDENTITY_STORE } from '../identity.tokens';
import { organisationDecider } from '../organisation/organisation.decider';
import { organisationStream } from '../organisation/organisation.events';

export class CreateDepartmentCommand extends Command<Identity.DepartmentView> {
  constructor(
    readonly input: Identity.CreateDepartmentRequest,
    readonly correlationId?: string,
  ) {
    super();
  }
}

/** Departments are created by the operator or an RAO of the organisation who may manage admins. */
@CommandHandler(CreateDepartmentCommand)
export class CreateDepartmentHandler implements ICommandHandler<CreateDepartmentCommand> {
  constructor(
    @Inject(IDENTITY_STORE) private readonly store: EventStore,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute({ input, correlationId }: CreateDepartmentCommand): Promise<Identity.DepartmentView> {
    const { actor, organisationId } = input;
    const scope = { organisationId };
    if (!canSee(actor, scope)) throw new DomainError('ORGANISATION_NOT_FOUND', 'not_found', 'No such organisation.', { organisationId });
    if (!hasPrivilege(actor, 'manage-admins', scope))
      throw new DomainError('FORBIDDEN', 'forbidden', 'Creating departments needs an RAO grant with the "manage-admins" privilege for this organisation.');
    const at = this.clock.now();
    const departmentId = newId();
    await handleCommand(
      this.store,
      organisationStream(organisationId),
      organisationDecider,
      { type: 'CreateDepartment', departmentId, name: input.name, by: actor.adminId, at },
      eventMetadata({ at, actor: actor.adminId, correlationId }),
    );
    return { id: departmentId, organisationId, name: input.name.trim(), createdAt: at.toISOString() };
  }
}
