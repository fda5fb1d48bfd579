import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { Validation } from '@platform/contracts';
import { domainValidUntil } from '../validation/reuse-periods';
import { assertOperator } from '../validation/validation.access';
import { ValidationWriter } from '../validation/validation.writer';

/** The operator's assertion, kept for operations and tests; RAOs validate by DNS, HTTP or e-mail. */
export class RecordDomainValidationCommand extends Command<Validation.RecordDomainValidationResponse> {
  constructor(
    readonly input: Validation.RecordDomainValidationRequest,
    readonly correlationId?: string,
  ) {
    super();
  }
}

@CommandHandler(RecordDomainValidationCommand)
export class RecordDomainValidationHandler implements ICommandHandler<RecordDomainValidationCommand> {
  constructor(private readonly writer: ValidationWriter) {}

  async execute({ input, correlationId }: RecordDomainValidationCommand) {
    assertOperator(input.actor, input.organisationId, 'assert a domain validation');
    const { at } = await this.writer.execute(
      { type: 'RecordDomainValidation', organisationId: input.organisationId, domain: input.domain, method: 'operator-assertion', by: input.actor.adminId },
      correlationId,
    );
    return { domain: input.domain, validatedAt: at.toISOString(), validUntil: domainValidUntil(at).toISOString() };
  }
}
