import { Inject } from '@nestjs/common';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { Validation } from '@platform/contracts';
import { DomainError } from '@platform/kernel';
import { parseEmailLinkToken } from '../send-domain-validation-email/email-link-token';
import { VALIDATION_SECRET } from '../validation.tokens';
import { domainValidUntil } from '../validation/reuse-periods';
import { ValidationWriter } from '../validation/validation.writer';

export class ConfirmDomainValidationEmailCommand extends Command<Validation.ConfirmDomainValidationEmailResponse> {
  constructor(
    readonly input: Validation.ConfirmDomainValidationEmailRequest,
    readonly correlationId?: string,
  ) {
    super();
  }
}

/** The mailbox holder followed the link: the token is the proof of control. */
@CommandHandler(ConfirmDomainValidationEmailCommand)
export class ConfirmDomainValidationEmailHandler implements ICommandHandler<ConfirmDomainValidationEmailCommand> {
  constructor(
    private readonly writer: ValidationWriter,
    @Inject(VALIDATION_SECRET) private readonly secret: Buffer,
  ) {}

  async execute({ input, correlationId }: ConfirmDomainValidationEmailCommand) {
    const ref = parseEmailLinkToken(this.secret, input.token);
    if (!ref) throw new DomainError('DCV_LINK_INVALID', 'unprocessable', 'This validation link is not valid: ask the administrator for a new e-mail.');
    const { at } = await this.writer.execute({ type: 'ConfirmDomainValidationEmail', ...ref, by: `mailbox:${ref.domain}` }, correlationId);
    return { domain: ref.domain, validatedAt: at.toISOString(), validUntil: domainValidUntil(at).toISOString() };
  }
}
