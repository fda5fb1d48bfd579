import { type DynamicModule, Module } from '@nestjs/common';
import { MessagingModule } from '@platform/messaging';
import type { EventStore } from '@platform/event-store';
import { CheckNamesHandler } from './check-names/check-names.handler';
import { RecordDomainValidationHandler } from './record-domain-validation/record-domain-validation.handler';
import { RecordOrganisationValidationHandler } from './record-organisation-validation/record-organisation-validation.handler';
import { ValidationNatsController } from './validation.nats.controller';
import { VALIDATION_STORE } from './validation.tokens';

/** Organisation and domain validation. Owns the `org-validation-<orgId>` streams. */
@Module({})
export class ValidationModule {
  static register(options: { store: EventStore }): DynamicModule {
    return {
      module: ValidationModule,
      imports: [MessagingModule.forFeature('validation')],
      providers: [
        { provide: VALIDATION_STORE, useValue: options.store },
        ValidationNatsController,
        RecordOrganisationValidationHandler,
        RecordDomainValidationHandler,
        CheckNamesHandler,
      ],
    };
  }
}
