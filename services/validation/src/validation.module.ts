import { type DynamicModule, Module } from '@nestjs/common';
import { MessagingModule } from '@platform/messaging';
import type { EventStore } from '@platform/event-store';
import { AddDomainHandler } from './add-domain/add-domain.handler';
import { CheckAcmeChallengeHandler } from './check-acme-challenge/check-acme-challenge.handler';
import { CheckAcmeChallengeNatsController } from './check-acme-challenge/check-acme-challenge.nats.controller';
import { CheckDomainHandler } from './check-domain/check-domain.handler';
import { CheckNamesHandler } from './check-names/check-names.handler';
import { ConfirmDomainValidationEmailHandler } from './confirm-domain-validation-email/confirm-domain-validation-email.handler';
import { DelegateDomainHandler } from './delegate-domain/delegate-domain.handler';
import { DnsClient } from './dns/dns-client';
import { DomainsNatsController } from './domains.nats.controller';
import { GetValidationHandler } from './get-validation/get-validation.handler';
import { RecordDomainValidationHandler } from './record-domain-validation/record-domain-validation.handler';
import { RecordOrganisationValidationHandler } from './record-organisation-validation/record-organisation-validation.handler';
import { ReviewOrganisationDetailsHandler } from './review-organisation-details/review-organisation-details.handler';
import { SendDomainValidationEmailHandler } from './send-domain-validation-email/send-domain-validation-email.handler';
import { SubmitOrganisationDetailsHandler } from './submit-organisation-details/submit-organisation-details.handler';
import { ExpiryNoticeSweeper } from './sweep-expiry-notices/expiry-notice.sweeper';
import { SweepExpiryNoticesNatsController } from './sweep-expiry-notices/sweep-expiry-notices.nats.controller';
import type { ValidationConfig } from './validation.config';
import { ValidationNatsController } from './validation.nats.controller';
import { ValidationRelay } from './validation.relay';
import { DNS_CLIENT, VALIDATION_CONFIG, VALIDATION_SECRET, VALIDATION_STORE } from './validation.tokens';
import { VetEvAnchorHandler } from './vet-ev-anchor/vet-ev-anchor.handler';
import { OrganisationValidationStatesHandler } from './organisation-validation-states/organisation-validation-states.handler';
import { VettingQueueHandler } from './vetting-queue/vetting-queue.handler';
import { SubmitEvAnchorHandler } from './submit-ev-anchor/submit-ev-anchor.handler';
import { ValidationWriter } from './validation/validation.writer';

export interface ValidationOptions {
  store: EventStore;
  config: ValidationConfig;
  /** HMAC key of the e-mailed one-time links */
  secret: Buffer;
}

/**
 * Organisation vetting (OV, EV), domain control validation (DNS, HTTP, e-mail), delegation to
 * departments, and the CAA check of every issuance. Owns the `org-validation-<orgId>` streams.
 */
@Module({})
export class ValidationModule {
  static register(options: ValidationOptions): DynamicModule {
    return {
      module: ValidationModule,
      imports: [MessagingModule.forFeature('validation')],
      providers: [
        { provide: VALIDATION_STORE, useValue: options.store },
        { provide: VALIDATION_CONFIG, useValue: options.config },
        { provide: VALIDATION_SECRET, useValue: options.secret },
        { provide: DNS_CLIENT, useValue: new DnsClient({ server: options.config.dnsResolver, timeoutMs: options.config.dnsTimeoutMs }) },
        ValidationWriter,
        ValidationRelay,
        ValidationNatsController,
        DomainsNatsController,
        RecordOrganisationValidationHandler,
        RecordDomainValidationHandler,
        SubmitOrganisationDetailsHandler,
        ReviewOrganisationDetailsHandler,
        VetEvAnchorHandler,
        GetValidationHandler,
        VettingQueueHandler,
        SubmitEvAnchorHandler,
        OrganisationValidationStatesHandler,
        AddDomainHandler,
        CheckDomainHandler,
        CheckAcmeChallengeHandler,
        CheckAcmeChallengeNatsController,
        SendDomainValidationEmailHandler,
        ConfirmDomainValidationEmailHandler,
        DelegateDomainHandler,
        CheckNamesHandler,
        ExpiryNoticeSweeper,
        SweepExpiryNoticesNatsController,
      ],
    };
  }
}
