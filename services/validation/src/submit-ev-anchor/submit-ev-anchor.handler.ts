import { Inject } from '@nestjs/common';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { Validation } from '@platform/contracts';
import { VALIDATION_CONFIG } from '../validation.tokens';
import type { ValidationConfig } from '../validation.config';
import { assertInScope } from '../validation/validation.access';
import { validationView } from '../validation/validation.view';
import { ValidationWriter } from '../validation/validation.writer';

export class SubmitEvAnchorCommand extends Command<Validation.SubmitEvAnchorResponse> {
  constructor(
    readonly input: Validation.SubmitEvAnchorRequest,
    readonly correlationId?: string,
  ) {
    super();
  }
}

/** EV details for vetting, by an admin of the organisation; an MRAO then vets an anchor (vet-ev-anchor). */
@CommandHandler(SubmitEvAnchorCommand)
export class SubmitEvAnchorHandler implements ICommandHandler<SubmitEvAnchorCommand> {
  constructor(
    private readonly writer: ValidationWriter,
    @Inject(VALIDATION_CONFIG) private readonly config: ValidationConfig,
  ) {}

  async execute({ input, correlationId }: SubmitEvAnchorCommand) {
    assertInScope(input.actor, input.organisationId);
    const { state, at } = await this.writer.execute(
      { type: 'SubmitEvAnchor', organisationId: input.organisationId, ev: input.ev, by: input.actor.adminId },
      correlationId,
    );
    return validationView(input.organisationId, state, at, this.config.cnameTarget);
  }
}
