import { Injectable } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { Identity } from '@platform/contracts';
import { type MessageHeaders, OnRequest } from '@platform/messaging';
import { AcceptInvitationCommand } from './accept-invitation/accept-invitation.handler';
import { BootstrapOperatorCommand } from './bootstrap-operator/bootstrap-operator.handler';
import { CreateOrganisationCommand } from './create-organisation/create-organisation.handler';
import { GetOrganisationQuery } from './get-organisation/get-organisation.handler';
import { InviteAdminCommand } from './invite-admin/invite-admin.handler';
import { ListOrganisationsQuery } from './list-organisations/list-organisations.handler';
import { OrganisationNamesQuery } from './organisation-names/organisation-names.handler';
import { UpdateOrganisationCommand } from './update-organisation/update-organisation.handler';
import { SignInCommand } from './sign-in/sign-in.handler';

/** Translates bus messages into commands and queries; no logic here. */
@Injectable()
export class IdentityNatsController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @OnRequest(Identity.BootstrapOperator)
  bootstrapOperator(input: Identity.BootstrapOperatorRequest) {
    return this.commands.execute(new BootstrapOperatorCommand(input));
  }

  @OnRequest(Identity.SignIn)
  signIn(input: Identity.SignInRequest) {
    return this.commands.execute(new SignInCommand(input));
  }

  @OnRequest(Identity.CreateOrganisation)
  createOrganisation(input: Identity.CreateOrganisationRequest, headers: MessageHeaders) {
    return this.commands.execute(new CreateOrganisationCommand(input, headers.correlationId));
  }

  @OnRequest(Identity.GetOrganisation)
  getOrganisation(input: Identity.GetOrganisationRequest) {
    return this.queries.execute(new GetOrganisationQuery(input));
  }

  @OnRequest(Identity.UpdateOrganisation)
  updateOrganisation(input: Identity.UpdateOrganisationRequest, headers: MessageHeaders) {
    return this.commands.execute(new UpdateOrganisationCommand(input, headers.correlationId));
  }

  @OnRequest(Identity.ListOrganisations)
  listOrganisations(input: Identity.ListOrganisationsRequest, headers: MessageHeaders) {
    return this.queries.execute(new ListOrganisationsQuery(input, headers.correlationId));
  }

  @OnRequest(Identity.OrganisationNames)
  organisationNames(input: Identity.OrganisationNamesRequest) {
    return this.queries.execute(new OrganisationNamesQuery(input));
  }

  @OnRequest(Identity.InviteAdmin)
  inviteAdmin(input: Identity.InviteAdminRequest, headers: MessageHeaders) {
    return this.commands.execute(new InviteAdminCommand(input, headers.correlationId));
  }

  @OnRequest(Identity.AcceptInvitation)
  acceptInvitation(input: Identity.AcceptInvitationRequest, headers: MessageHeaders) {
    return this.commands.execute(new AcceptInvitationCommand(input, headers.correlationId));
  }
}
