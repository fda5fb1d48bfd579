import { Inject } from '@nestjs/common';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { Validation } from '@platform/contracts';
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

/** Department ids are identity's; taken as given (validation does not own departments). */
@CommandHandler(DelegateDomainCommand)
export class DelegateDomainHandler implements ICommandHandler<DelegateDomainCommand> {
  constructor(
    private readonly writer: ValidationWriter,
    @Inject(VALIDATION_CONFIG) private readonly config: ValidationConfig,
  ) {}

  async execute({ input, correlationId }: DelegateDomainCommand) {
    assertPrivilege(input.actor, input.organisationId, 'manage-domains');
    const { organisationId, domain, departmentIds } = input;
    const { state, at } = await this.writer.execute({ type: 'DelegateDomain', organisationId, domain, departmentIds, by: input.actor.adminId }, correlationId);
    return domainView(domain, state.domains[domain], at, this.config.cnameTarget);
  }
}
