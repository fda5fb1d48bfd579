import { Inject } from '@nestjs/common';
import { Command, CommandHandler, type ICommandHandler, Query, QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { Identity, type Issuance } from '@platform/contracts';
import { type EventStore, eventMetadata, handleCommand } from '@platform/event-store';
import { type Actor, CLOCK, type Clock, DomainError, canActOnDepartment, canActOnOrganisation, visibleDepartments } from '@platform/kernel';
import { MESSAGE_BUS, type MessageBus, sendRequest } from '@platform/messaging';
import { ISSUANCE_STORE } from '../issuance.tokens';
import { RequestPolicies, toDepartmentPolicyView, toRequestPolicyView } from './request-policies';
import { type RequestPolicyCommand, requestPolicyDecider } from './request-policy.decider';
import { requestPolicyStream } from './request-policy.events';

const orgNotFound = (organisationId: string) => new DomainError('ORGANISATION_NOT_FOUND', 'not_found', 'No such organisation.', { organisationId });
const departmentNotFound = (departmentId: string) => new DomainError('DEPARTMENT_NOT_FOUND', 'not_found', 'No such department in your scope.', { departmentId });

/**
 * Who may change a policy: the operator and the organisation's RAOs. A DRAO of the organisation is
 * told no (403); anyone else does not learn that the organisation exists (404).
 */
function requireChangeRight(actor: Actor, organisationId: string): void {
  if (canActOnOrganisation(actor, organisationId)) return;
  if (visibleDepartments(actor, organisationId)?.length)
    throw new DomainError('FORBIDDEN', 'forbidden', "Only the organisation's RAOs and the operator may change its approval policy.", { organisationId });
  throw orgNotFound(organisationId);
}

/** The departments of the organisation the actor sees (identity's answer; 404 for an organisation that does not exist or that it cannot see). */
async function departmentsOf(bus: MessageBus, actor: Actor, organisationId: string, correlationId?: string): Promise<string[]> {
  const departments = await sendRequest(bus, Identity.ListDepartments, { actor, organisationId }, { headers: { correlationId } });
  return departments.map((d) => d.id);
}

export class GetRequestPolicyQuery extends Query<Issuance.RequestPolicy> {
  constructor(
    readonly input: Issuance.GetRequestPolicyRequest,
    readonly correlationId?: string,
  ) {
    super();
  }
}

/** MRAO and the organisation's RAOs see it whole; its DRAOs with their own departments only. */
@QueryHandler(GetRequestPolicyQuery)
export class GetRequestPolicyHandler implements IQueryHandler<GetRequestPolicyQuery> {
  constructor(
    private readonly policies: RequestPolicies,
    @Inject(MESSAGE_BUS) private readonly bus: MessageBus,
  ) {}

  async execute({ input: { actor, organisationId }, correlationId }: GetRequestPolicyQuery): Promise<Issuance.RequestPolicy> {
    const confined = visibleDepartments(actor, organisationId);
    if (confined?.length === 0) throw orgNotFound(organisationId);
    const departments = await departmentsOf(this.bus, actor, organisationId, correlationId);
    const { state } = await this.policies.load(organisationId);
    return toRequestPolicyView(organisationId, state, confined ? departments : undefined);
  }
}

export class GetDepartmentRequestPolicyQuery extends Query<Issuance.DepartmentRequestPolicy> {
  constructor(
    readonly input: Issuance.GetDepartmentRequestPolicyRequest,
    readonly correlationId?: string,
  ) {
    super();
  }
}

@QueryHandler(GetDepartmentRequestPolicyQuery)
export class GetDepartmentRequestPolicyHandler implements IQueryHandler<GetDepartmentRequestPolicyQuery> {
  constructor(
    private readonly policies: RequestPolicies,
    @Inject(MESSAGE_BUS) private readonly bus: MessageBus,
  ) {}

  async execute({ input: { actor, organisationId, departmentId }, correlationId }: GetDepartmentRequestPolicyQuery): Promise<Issuance.DepartmentRequestPolicy> {
    if (visibleDepartments(actor, organisationId)?.length === 0) throw orgNotFound(organisationId);
    if (!canActOnDepartment(actor, organisationId, departmentId)) throw departmentNotFound(departmentId);
    if (!(await departmentsOf(this.bus, actor, organisationId, correlationId)).includes(departmentId)) throw departmentNotFound(departmentId);
    const { state } = await this.policies.load(organisationId);
    return toDepartmentPolicyView(organisationId, departmentId, state);
  }
}

export class SetRequestPolicyCommand extends Command<Issuance.RequestPolicy> {
  constructor(
    readonly input: Issuance.SetRequestPolicyRequest,
    readonly correlationId?: string,
  ) {
    super();
  }
}

@CommandHandler(SetRequestPolicyCommand)
export class SetRequestPolicyHandler implements ICommandHandler<SetRequestPolicyCommand> {
  constructor(
    @Inject(ISSUANCE_STORE) private readonly store: EventStore,
    @Inject(MESSAGE_BUS) private readonly bus: MessageBus,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute({ input: { actor, organisationId, settings }, correlationId }: SetRequestPolicyCommand): Promise<Issuance.RequestPolicy> {
    requireChangeRight(actor, organisationId);
    await departmentsOf(this.bus, actor, organisationId, correlationId); // 404 for an organisation that does not exist
    const at = this.clock.now();
    const command: RequestPolicyCommand = { type: 'SetPolicy', organisationId, settings, by: actor.adminId, at };
    const { state } = await handleCommand(this.store, requestPolicyStream(organisationId), requestPolicyDecider, command, eventMetadata({ at, actor: actor.adminId, correlationId }));
    return toRequestPolicyView(organisationId, state);
  }
}

export class SetDepartmentRequestPolicyCommand extends Command<Issuance.DepartmentRequestPolicy> {
  constructor(
    readonly input: Issuance.SetDepartmentRequestPolicyRequest,
    readonly correlationId?: string,
  ) {
    super();
  }
}

/** Settings of the department's own, or (settings null) back to the organisation's. */
@CommandHandler(SetDepartmentRequestPolicyCommand)
export class SetDepartmentRequestPolicyHandler implements ICommandHandler<SetDepartmentRequestPolicyCommand> {
  constructor(
    @Inject(ISSUANCE_STORE) private readonly store: EventStore,
    @Inject(MESSAGE_BUS) private readonly bus: MessageBus,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute({ input: { actor, organisationId, departmentId, settings }, correlationId }: SetDepartmentRequestPolicyCommand): Promise<Issuance.DepartmentRequestPolicy> {
    requireChangeRight(actor, organisationId);
    if (!(await departmentsOf(this.bus, actor, organisationId, correlationId)).includes(departmentId)) throw departmentNotFound(departmentId);
    const at = this.clock.now();
    const command: RequestPolicyCommand = settings
      ? { type: 'SetDepartmentPolicy', organisationId, departmentId, settings, by: actor.adminId, at }
      : { type: 'ClearDepartmentPolicy', organisationId, departmentId, by: actor.adminId, at };
    const { state } = await handleCommand(this.store, requestPolicyStream(organisationId), requestPolicyDecider, command, eventMetadata({ at, actor: actor.adminId, correlationId }));
    return toDepartmentPolicyView(organisationId, departmentId, state);
  }
}
