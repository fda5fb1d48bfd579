import { Injectable } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { Identity } from '@platform/contracts';
import { type MessageHeaders, OnRequest } from '@platform/messaging';
import { AddAdminCommand } from './add-admin/add-admin.handler';
import { AdminHistoryQuery, GetAdminQuery, ListAdminsQuery } from './admin-queries/admin-queries.handler';
import { ApiSignInCommand } from './api-sign-in/api-sign-in.handler';
import { ChangeAdminStatusCommand } from './change-admin-status/change-admin-status.handler';
import { ChangeGrantsCommand } from './change-grants/change-grants.handler';
import { ChangePasswordCommand } from './change-password/change-password.handler';
import { CreateDepartmentCommand } from './create-department/create-department.handler';
import { BindIdpIdentityCommand, CheckIdpInvitationQuery } from './idp/bind-idp-identity.handler';
import { InviteToIdpCommand } from './idp/invite-to-idp.handler';
import { SignInWithIdpCommand } from './idp/sign-in-with-idp.handler';
import { ListDepartmentsQuery } from './list-departments/list-departments.handler';
import { RefreshSessionCommand } from './refresh-session/refresh-session.handler';
import { ReinviteAdminCommand } from './reinvite-admin/reinvite-admin.handler';
import { SignOutCommand } from './sign-out/sign-out.handler';

/** Departments, admin management, sessions and IdP binding: bus messages → commands and queries, no logic. */
@Injectable()
export class IdentityAccessNatsController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @OnRequest(Identity.CreateDepartment)
  createDepartment(input: Identity.CreateDepartmentRequest, headers: MessageHeaders) {
    return this.commands.execute(new CreateDepartmentCommand(input, headers.correlationId));
  }

  @OnRequest(Identity.ListDepartments)
  listDepartments(input: Identity.ListDepartmentsRequest) {
    return this.queries.execute(new ListDepartmentsQuery(input));
  }

  @OnRequest(Identity.AddAdmin)
  addAdmin(input: Identity.AddAdminRequest, headers: MessageHeaders) {
    return this.commands.execute(new AddAdminCommand(input, headers.correlationId));
  }

  @OnRequest(Identity.ListAdmins)
  listAdmins(input: Identity.ListAdminsRequest) {
    return this.queries.execute(new ListAdminsQuery(input));
  }

  @OnRequest(Identity.GetAdmin)
  getAdmin(input: Identity.GetAdminRequest) {
    return this.queries.execute(new GetAdminQuery(input));
  }

  @OnRequest(Identity.AdminHistory)
  adminHistory(input: Identity.AdminHistoryRequest) {
    return this.queries.execute(new AdminHistoryQuery(input));
  }

  @OnRequest(Identity.ChangeAdminStatus)
  changeAdminStatus(input: Identity.ChangeAdminStatusRequest, headers: MessageHeaders) {
    return this.commands.execute(new ChangeAdminStatusCommand(input, headers.correlationId));
  }

  @OnRequest(Identity.ChangeGrants)
  changeGrants(input: Identity.ChangeGrantsRequest, headers: MessageHeaders) {
    return this.commands.execute(new ChangeGrantsCommand(input, headers.correlationId));
  }

  @OnRequest(Identity.ReinviteAdmin)
  reinviteAdmin(input: Identity.ReinviteAdminRequest, headers: MessageHeaders) {
    return this.commands.execute(new ReinviteAdminCommand(input, headers.correlationId));
  }

  @OnRequest(Identity.ChangePassword)
  changePassword(input: Identity.ChangePasswordRequest, headers: MessageHeaders) {
    return this.commands.execute(new ChangePasswordCommand(input, headers.correlationId));
  }

  @OnRequest(Identity.RefreshSession)
  refreshSession(input: Identity.RefreshSessionRequest) {
    return this.commands.execute(new RefreshSessionCommand(input));
  }

  @OnRequest(Identity.SignOut)
  signOut(input: Identity.SignOutRequest) {
    return this.commands.execute(new SignOutCommand(input));
  }

  @OnRequest(Identity.ApiSignIn)
  apiSignIn(input: Identity.ApiSignInRequest) {
    return this.commands.execute(new ApiSignInCommand(input));
  }

  @OnRequest(Identity.InviteToIdp)
  inviteToIdp(input: Identity.InviteToIdpRequest, headers: MessageHeaders) {
    return this.commands.execute(new InviteToIdpCommand(input, headers.correlationId));
  }

  @OnRequest(Identity.CheckIdpInvitation)
  checkIdpInvitation(input: Identity.CheckIdpInvitationRequest) {
    return this.queries.execute(new CheckIdpInvitationQuery(input));
  }

  @OnRequest(Identity.BindIdpIdentity)
  bindIdpIdentity(input: Identity.BindIdpIdentityRequest) {
    return this.commands.execute(new BindIdpIdentityCommand(input));
  }

  @OnRequest(Identity.SignInWithIdp)
  signInWithIdp(input: Identity.SignInWithIdpRequest) {
    return this.commands.execute(new SignInWithIdpCommand(input));
  }
}
