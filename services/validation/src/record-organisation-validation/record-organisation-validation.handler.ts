import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { Validation } from '@platform/contracts';
import { assertOperator } from '../validation/validation.access';
import { ValidationWriter } from '../validation/validation.writer';

/** The operator's assertion, kept for operations and tests; real vetting is submit + review. */
export class RecordOrganisationValidationCommand extends Command<{ ok: true }> {
  constructor(
    readonly input: Validation.RecordOrganisationValidationRequest,
    readonly correlationId?: string,
  ) {
    super();
  }
}

@CommandHandler(RecordOrganisationValidationCommand)
export class RecordOrganisationValidationHandler implements ICommandHandler<RecordOrganisationValidationCommand> {
  constructor(private readonly writer: ValidationWriter) {}

  async execute({ input, correlationId }: RecordOrganisationValidationCommand): Promise<{ ok: true }> {
    assertOperator(input.actor, input.organisationId, 'assert an organisation validation');
    await this.writer.execute({ type: 'RecordOrganisationValidation', organisationId: input.organisationId, by: input.actor.adminId }, correlationId);
    return { ok: true };
  }
}
