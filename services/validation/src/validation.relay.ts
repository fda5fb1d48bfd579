import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { Validation } from '@platform/contracts';
import type { EventStore, RecordedEvent } from '@platform/event-store';
import { IntegrationEventRelay, MESSAGE_BUS, type MessageBus } from '@platform/messaging';
import { emailLinkToken } from './send-domain-validation-email/email-link-token';
import { VALIDATION_SECRET, VALIDATION_STORE } from './validation.tokens';
import { VALIDATION_STREAM_PREFIX, type ValidationEvent } from './validation/validation.events';

/** Private domain events → versioned integration events (pure given the secret, so a replay publishes the same). */
export function translate(secret: Buffer) {
  return (recorded: RecordedEvent) => {
    if (!recorded.streamId.startsWith(VALIDATION_STREAM_PREFIX)) return [];
    const event = recorded as unknown as ValidationEvent;
    if (event.type === 'ValidationExpiryNoticed') {
      const { organisationId, kind, domain, expiresAt } = event.data;
      return [{ contract: Validation.ValidationExpiring, data: { organisationId, kind, domain, expiresAt } }];
    }
    if (event.type === 'OrganisationDetailsSubmitted') {
      const { organisationId, details, submittedBy, submittedAt } = event.data;
      return [{ contract: Validation.OrganisationDetailsSubmitted, data: { organisationId, legalName: details.legalName, submittedBy, submittedAt } }];
    }
    if (event.type !== 'DomainValidationEmailRequested') return [];
    const { organisationId, domain, challengeId, to, expiresAt } = event.data;
    const confirmationToken = emailLinkToken(secret, { organisationId, domain, challengeId });
    return [{ contract: Validation.DomainValidationEmailRequested, data: { organisationId, domain, to, confirmationToken, expiresAt } }];
  };
}

/** Publishes from a checkpointed subscription on the validation store, never from the request path. */
@Injectable()
export class ValidationRelay implements OnApplicationBootstrap, OnApplicationShutdown {
  private relay?: IntegrationEventRelay;

  constructor(
    @Inject(VALIDATION_STORE) private readonly store: EventStore,
    @Inject(MESSAGE_BUS) private readonly bus: MessageBus,
    @Inject(VALIDATION_SECRET) private readonly secret: Buffer,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    this.relay = new IntegrationEventRelay({ name: 'validation', store: this.store, bus: this.bus, translate: translate(this.secret) });
    await this.relay.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.relay?.stop();
  }
}
