import { type DynamicModule, Module } from '@nestjs/common';
import { MessagingModule } from '@platform/messaging';
import type { EventStore } from '@platform/event-store';
import { AcceptInvitationHandler } from './accept-invitation/accept-invitation.handler';
import { BootstrapOperatorHandler } from './bootstrap-operator/bootstrap-operator.handler';
import { CreateOrganisationHandler } from './create-organisation/create-organisation.handler';
import { GetOrganisationHandler } from './get-organisation/get-organisation.handler';
import { IdentityNatsController } from './identity.nats.controller';
import { IdentityRelay } from './identity.relay';
import { IDENTITY_SECRET, IDENTITY_STORE } from './identity.tokens';
import { InviteAdminHandler } from './invite-admin/invite-admin.handler';
import { SignInHandler } from './sign-in/sign-in.handler';

export interface IdentityOptions {
  store: EventStore;
  /** HMAC key for invitation links (32 bytes or more) */
  secret: Buffer;
}

/** Organisations and admins. Owns the `organisation-`, `admin-` and `admin-email-` streams. */
@Module({})
export class IdentityModule {
  static register(options: IdentityOptions): DynamicModule {
    return {
      module: IdentityModule,
      imports: [MessagingModule.forFeature('identity')],
      providers: [
        { provide: IDENTITY_STORE, useValue: options.store },
        { provide: IDENTITY_SECRET, useValue: options.secret },
        IdentityRelay,
        IdentityNatsController,
        BootstrapOperatorHandler,
        SignInHandler,
        CreateOrganisationHandler,
        GetOrganisationHandler,
        InviteAdminHandler,
        AcceptInvitationHandler,
      ],
    };
  }
}
