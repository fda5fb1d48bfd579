import { Inject } from '@nestjs/common';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { Identity, type Validation } from '@platform/contracts';
import { DomainError } from '@platform/kernel';
import { MESSAGE_BUS, type MessageBus, sendRequest } from '@platform/messaging';
import { VALIDATION_CONFIG } from '../validation.tokens';
import type { ValidationConfig } from '../validation.config';
import { assertPrivilege } from '../validation/validation.access';
import { domainView } from '../validation/validation.view';
import { ValidationWriter } from '../validation/validation.writer';

export class DelegateDomainCommand extends Command<Validation.DelegateDomainResponse> {
  constructor(
    readonly input: Validation.DelegateDomainRequest,
    readonly correlationId?: string,
  ) {
    super();
  }
}

/** Department ids are identity's: each must be a department of the organisation when the delegation is made. */
@CommandHandler(DelegateDomainCommand)
export class DelegateDomainHandler implements ICommandHandler<DelegateDomainCommand> {
  constructor(
    private readonly writer: ValidationWriter,
    @Inject(VALIDATION_CONFIG) private readonly config: ValidationConfig,
    @Inject(MESSAGE_BUS) private readonly bus: MessageBus,
  ) {}

  async execute({ input, correlationId }: DelegateDomainCommand) {
    assertPrivilege(input.actor, input.organisationId, 'manage-domains');
    const { organisationId, domain, departmentIds } = input;
    const departments = await sendRequest(this.bus, Identity.ListDepartments, { actor: input.actor, organisationId }, { headers: { correlationId } });
    const unknown = departmentIds.filter((id) => !departments.some((d) => d.id === id));
    if (unknown.length > 0)
      throw new DomainError(
        'DEPARTMENT_NOT_FOUND',
        'not_found',
        `No department ${unknown.join(', ')} in this organisation: delegate to the ids of its departments (GET /api/v1/organisations/${organisationId}/departments).`,
        { departmentIds: unknown },
      );
    const { state, at } = await this.writer.execute({ type: 'DelegateDomain', organisationId, domain, departmentIds, by: input.actor.adminId }, correlationId);
    return domainView(domain, state.domains[domain], at, this.config.cnameTarget, state.domains);
  }
}
