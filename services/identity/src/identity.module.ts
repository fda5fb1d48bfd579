import { type DynamicModule, Module } from '@nestjs/common';
import { MessagingModule } from '@platform/messaging';
import type { EventStore } from '@platform/event-store';
import { AcceptInvitationHandler } from './accept-invitation/accept-invitation.handler';
import { BootstrapOperatorHandler } from './bootstrap-operator/bootstrap-operator.handler';
import { CreateOrganisationHandler } from './create-organisation/create-organisation.handler';
import { GetOrganisationHandler } from './get-organisation/get-organisation.handler';
import { ListOrganisationsHandler } from './list-organisations/list-organisations.handler';
import { OrganisationNamesHandler } from './organisation-names/organisation-names.handler';
import { UpdateOrganisationHandler } from './update-organisation/update-organisation.handler';
import { IdentityNatsController } from './identity.nats.controller';
import { IdentityRelay } from './identity.relay';
import { IDENTITY_SECRET, IDENTITY_STORE } from './identity.tokens';
import { InviteAdminHandler } from './invite-admin/invite-admin.handler';
import { SignInHandler } from './sign-in/sign-in.handler';
import { AddAdminHandler } from './add-admin/add-admin.handler';
import { AdminAccessHandler } from './admin-access/admin-access.handler';
import { AdminAccessNatsController } from './admin-access/admin-access.nats.controller';
import { AdminHistoryHandler, GetAdminHandler, ListAdminsHandler } from './admin-queries/admin-queries.handler';
import { ApiSignInHandler } from './api-sign-in/api-sign-in.handler';
import { ChangeAdminStatusHandler } from './change-admin-status/change-admin-status.handler';
import { ChangeGrantsHandler } from './change-grants/change-grants.handler';
import { ChangePasswordHandler } from './change-password/change-password.handler';
import { CreateDepartmentHandler } from './create-department/create-department.handler';
import { IdentityAccessNatsController } from './identity-access.nats.controller';
import { BindIdpIdentityHandler, CheckIdpInvitationHandler } from './idp/bind-idp-identity.handler';
import { InviteToIdpHandler } from './idp/invite-to-idp.handler';
import { SignInWithIdpHandler } from './idp/sign-in-with-idp.handler';
import { ListDepartmentsHandler } from './list-departments/list-departments.handler';
import { RefreshSessionHandler } from './refresh-session/refresh-session.handler';
import { ReinviteAdminHandler } from './reinvite-admin/reinvite-admin.handler';
import { SignOutHandler } from './sign-out/sign-out.handler';
import { OrganisationAdminsHandler } from './organisation-admins/organisation-admins.handler';
import { OrganisationAdminsNatsController } from './organisation-admins/organisation-admins.nats.controller';
import { AdminsWithPrivilegeHandler } from './admins-with-privilege/admins-with-privilege.handler';
import { AdminsWithPrivilegeNatsController } from './admins-with-privilege/admins-with-privilege.nats.controller';

export interface IdentityOptions {
  store: EventStore;
  /** HMAC key for invitation links (32 bytes or more) */
  secret: Buffer;
}

/**
 * Organisations, departments, admins and sessions. Owns the `organisation-`, `admin-`, `admin-email-`,
 * `admin-idp-` and `session-` streams. Never logs a password, secret, token or hash.
 */
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
        OrganisationAdminsNatsController,
        OrganisationAdminsHandler,
        AdminsWithPrivilegeNatsController,
        AdminsWithPrivilegeHandler,
        IdentityNatsController,
        BootstrapOperatorHandler,
        SignInHandler,
        CreateOrganisationHandler,
        GetOrganisationHandler,
        UpdateOrganisationHandler,
        ListOrganisationsHandler,
        OrganisationNamesHandler,
        InviteAdminHandler,
        AcceptInvitationHandler,
        IdentityAccessNatsController,
        CreateDepartmentHandler,
        ListDepartmentsHandler,
        AddAdminHandler,
        ListAdminsHandler,
        GetAdminHandler,
        AdminHistoryHandler,
        ChangeAdminStatusHandler,
        ChangeGrantsHandler,
        ChangePasswordHandler,
        ReinviteAdminHandler,
        RefreshSessionHandler,
        SignOutHandler,
        ApiSignInHandler,
        InviteToIdpHandler,
        CheckIdpInvitationHandler,
        BindIdpIdentityHandler,
        SignInWithIdpHandler,
        AdminAccessNatsController,
        AdminAccessHandler,
      ],
    };
  }
}
