import { randomBytes } from 'node:crypto';
import { Inject } from '@nestjs/common';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { Validation } from '@platform/contracts';
import { VALIDATION_CONFIG } from '../validation.tokens';
import type { ValidationConfig } from '../validation.config';
import { assertPrivilege } from '../validation/validation.access';
import { domainView } from '../validation/validation.view';
import { ValidationWriter } from '../validation/validation.writer';

/** 192 random bits in lower-case hex: well above the 112 bits of BR §1.6.1, and a valid DNS label. */
export const newDcvToken = (): string => randomBytes(24).toString('hex');

export class AddDomainCommand extends Command<Validation.AddDomainResponse> {
  constructor(
    readonly input: Validation.AddDomainRequest,
    readonly correlationId?: string,
  ) {
    super();
  }
}

@CommandHandler(AddDomainCommand)
export class AddDomainHandler implements ICommandHandler<AddDomainCommand> {
  constructor(
    private readonly writer: ValidationWriter,
    @Inject(VALIDATION_CONFIG) private readonly config: ValidationConfig,
  ) {}

  async execute({ input, correlationId }: AddDomainCommand) {
    assertPrivilege(input.actor, input.organisationId, 'manage-domains');
    const { state, at } = await this.writer.execute(
      { type: 'AddDomain', organisationId: input.organisationId, domain: input.domain, token: newDcvToken(), by: input.actor.adminId },
      correlationId,
    );
    return domainView(input.domain, state.domains[input.domain], at, this.config.cnameTarget, state.domains);
  }
}
