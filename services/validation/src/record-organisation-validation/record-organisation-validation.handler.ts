import { Inject } from '@nestjs/common';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { Validation } from '@platform/contracts';
import { type EventStore, eventMetadata, handleCommand } from '@platform/event-store';
import { CLOCK, type Clock, DomainError, isOperator } from '@platform/kernel';
import { VALIDATION_STORE } from '../validation.tokens';
import { validationDecider } from '../validation/validation.decider';
import { validationStream } from '../validation/validation.events';

/** For now an operator's assertion; real vetting (details, approval) replaces it. */
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
  constructor(
    @Inject(VALIDATION_STORE) private readonly store: EventStore,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute({ input, correlationId }: RecordOrganisationValidationCommand): Promise<{ ok: true }> {
    if (!isOperator(input.actor))
      throw new DomainError('FORBIDDEN', 'forbidden', 'Only the operator (MRAO) can validate an organisation.');
    const at = this.clock.now();
    await handleCommand(
      this.store,
      validationStream(input.organisationId),
      validationDecider,
      { type: 'RecordOrganisationValidation', organisationId: input.organisationId, at },
      eventMetadata({ at, actor: input.actor.adminId, correlationId }),
    );
    return { ok: true };
  }
}
