import { Inject } from '@nestjs/common';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { Validation } from '@platform/contracts';
import { newId } from '@platform/kernel';
import { VALIDATION_CONFIG } from '../validation.tokens';
import type { ValidationConfig } from '../validation.config';
import { assertPrivilege } from '../validation/validation.access';
import { ValidationWriter } from '../validation/validation.writer';

export class SendDomainValidationEmailCommand extends Command<Validation.SendDomainValidationEmailResponse> {
  constructor(
    readonly input: Validation.SendDomainValidationEmailRequest,
    readonly correlationId?: string,
  ) {
    super();
  }
}

/** Records the request (within the e-mail limits); the relay publishes it with the link's token and notifications mails it. */
@CommandHandler(SendDomainValidationEmailCommand)
export class SendDomainValidationEmailHandler implements ICommandHandler<SendDomainValidationEmailCommand> {
  constructor(
    private readonly writer: ValidationWriter,
    @Inject(VALIDATION_CONFIG) private readonly config: ValidationConfig,
  ) {}

  async execute({ input, correlationId }: SendDomainValidationEmailCommand) {
    assertPrivilege(input.actor, input.organisationId, 'manage-domains');
    const challengeId = newId();
    const { organisationId, domain, mailbox } = input;
    const { state } = await this.writer.execute(
      { type: 'RequestDomainValidationEmail', organisationId, domain, mailbox, challengeId, limits: this.config.emailLimits, by: input.actor.adminId },
      correlationId,
    );
    const challenge = state.domains[domain].emailChallenges[challengeId];
    return { domain, to: challenge.to, expiresAt: challenge.expiresAt };
  }
}
