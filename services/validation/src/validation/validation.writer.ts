import { Inject, Injectable } from '@nestjs/common';
import { Identity } from '@platform/contracts';
import { type EventStore, aggregateStream, eventMetadata, handleCommand } from '@platform/event-store';
import { CLOCK, type Clock, DomainError } from '@platform/kernel';
import { MESSAGE_BUS, type MessageBus, sendRequest } from '@platform/messaging';
import { VALIDATION_STORE } from '../validation.tokens';
import { type ValidationCommand, validationDecider } from './validation.decider';
import { validationStream } from './validation.events';
import type { ValidationState } from './validation.state';

type WithoutTime<C> = C extends unknown ? Omit<C, 'at'> : never;

const noSuchOrganisation = (organisationId: string, why: string) =>
  new DomainError('ORGANISATION_NOT_FOUND', 'not_found', `No organisation ${organisationId}: ${why}`, { organisationId });

/**
 * Ids are canonical (lower case): `ABC…` and `abc…` must never name two streams of one organisation.
 * Refused rather than lower-cased, so that a caller that sends another spelling learns of it.
 */
function assertCanonical(organisationId: string): void {
  if (organisationId !== organisationId.toLowerCase())
    throw noSuchOrganisation(organisationId, 'organisation ids are lower case; use the id exactly as identity gave it.');
}

/** Reads and writes an organisation's validation stream; the handlers stay a few lines. */
@Injectable()
export class ValidationWriter {
  constructor(
    @Inject(VALIDATION_STORE) private readonly store: EventStore,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(MESSAGE_BUS) private readonly bus: MessageBus,
  ) {}

  now(): Date {
    return this.clock.now();
  }

  /** An organisation with nothing recorded reads as "nothing submitted" only when identity knows it. */
  async read(organisationId: string, correlationId?: string): Promise<ValidationState> {
    assertCanonical(organisationId);
    const { state, revision } = await aggregateStream(this.store, validationStream(organisationId), validationDecider);
    if (revision < 0) await this.assertOrganisationExists(organisationId, correlationId);
    return state;
  }

  /**
   * Decides the command at the clock's now; answers the state after it and that instant. The first
   * event of an organisation's stream is written only once identity says the organisation exists.
   */
  async execute(command: WithoutTime<ValidationCommand>, correlationId?: string): Promise<{ state: ValidationState; at: Date }> {
    const { organisationId } = command;
    assertCanonical(organisationId);
    const stream = validationStream(organisationId);
    const current = await aggregateStream(this.store, stream, validationDecider);
    if (current.revision < 0) await this.assertOrganisationExists(organisationId, correlationId);
    const at = this.clock.now();
    const { state } = await handleCommand(
      this.store,
      stream,
      validationDecider,
      { ...command, at } as ValidationCommand,
      eventMetadata({ at, actor: command.by, correlationId }),
      { assume: current },
    );
    return { state, at };
  }

  private async assertOrganisationExists(organisationId: string, correlationId?: string): Promise<void> {
    try {
      await sendRequest(this.bus, Identity.GetOrganisation, { organisationId }, { headers: { correlationId } });
    } catch (error) {
      if (error instanceof DomainError && error.code === 'ORGANISATION_NOT_FOUND')
        throw noSuchOrganisation(organisationId, 'validation is kept only for organisations that identity knows; create the organisation first.');
      throw error;
    }
  }
}
