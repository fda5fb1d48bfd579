import { Inject, Injectable } from '@nestjs/common';
import { type EventStore, aggregateStream, eventMetadata, handleCommand } from '@platform/event-store';
import { CLOCK, type Clock } from '@platform/kernel';
import { VALIDATION_STORE } from '../validation.tokens';
import { type ValidationCommand, validationDecider } from './validation.decider';
import { validationStream } from './validation.events';
import type { ValidationState } from './validation.state';

type WithoutTime<C> = C extends unknown ? Omit<C, 'at'> : never;

/** Reads and writes an organisation's validation stream; the handlers stay a few lines. */
@Injectable()
export class ValidationWriter {
  constructor(
    @Inject(VALIDATION_STORE) private readonly store: EventStore,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  now(): Date {
    return this.clock.now();
  }

  async read(organisationId: string): Promise<ValidationState> {
    return (await aggregateStream(this.store, validationStream(organisationId), validationDecider)).state;
  }

  /** Decides the command at the clock's now; answers the state after it and that instant. */
  async execute(command: WithoutTime<ValidationCommand>, correlationId?: string): Promise<{ state: ValidationState; at: Date }> {
    const at = this.clock.now();
    const { state } = await handleCommand(
      this.store,
      validationStream(command.organisationId),
      validationDecider,
      { ...command, at } as ValidationCommand,
      eventMetadata({ at, actor: command.by, correlationId }),
    );
    return { state, at };
  }
}
