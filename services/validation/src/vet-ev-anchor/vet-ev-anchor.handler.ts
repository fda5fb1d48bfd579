import { Inject } from '@nestjs/common';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { Validation } from '@platform/contracts';
import { VALIDATION_CONFIG } from '../validation.tokens';
import type { ValidationConfig } from '../validation.config';
import { assertOperator } from '../validation/validation.access';
import { validationView } from '../validation/validation.view';
import { ValidationWriter } from '../validation/validation.writer';

export class VetEvAnchorCommand extends Command<Validation.VetEvAnchorResponse> {
  constructor(
    readonly input: Validation.VetEvAnchorRequest,
    readonly correlationId?: string,
  ) {
    super();
  }
}

@CommandHandler(VetEvAnchorCommand)
export class VetEvAnchorHandler implements ICommandHandler<VetEvAnchorCommand> {
  constructor(
    private readonly writer: ValidationWriter,
    @Inject(VALIDATION_CONFIG) private readonly config: ValidationConfig,
  ) {}

  async execute({ input, correlationId }: VetEvAnchorCommand) {
    assertOperator(input.actor, input.organisationId, 'vet EV details');
    const { state, at } = await this.writer.execute(
      { type: 'VetEvAnchor', organisationId: input.organisationId, ev: input.ev, by: input.actor.adminId },
      correlationId,
    );
    return validationView(input.organisationId, state, at, this.config.cnameTarget);
  }
}
