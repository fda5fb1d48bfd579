import { Inject } from '@nestjs/common';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { Validation } from '@platform/contracts';
import { type EventStore, eventMetadata, handleCommand } from '@platform/event-store';
import { CLOCK, type Clock, DomainError, isOperator } from '@platform/kernel';
import { VALIDATION_STORE } from '../validation.tokens';
import { domainValidUntil } from '../validation/reuse-periods';
import { validationDecider } from '../validation/validation.decider';
import { validationStream } from '../validation/validation.events';

/** For now an operator's assertion; domain control validation (DNS, HTTP, e-mail) replaces it. */
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
  constructor(
    @Inject(VALIDATION_STORE) private readonly store: EventStore,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute({ input, correlationId }: RecordDomainValidationCommand) {
    if (!isOperator(input.actor))
      throw new DomainError('FORBIDDEN', 'forbidden', 'Only the operator (MRAO) can assert a domain validation.');
    const at = this.clock.now();
    await handleCommand(
      this.store,
      validationStream(input.organisationId),
      validationDecider,
      { type: 'RecordDomainValidation', organisationId: input.organisationId, domain: input.domain, at },
      eventMetadata({ at, actor: input.actor.adminId, correlationId }),
    );
    return { domain: input.domain, validatedAt: at.toISOString(), validUntil: domainValidUntil(at).toISOString() };
  }
}
