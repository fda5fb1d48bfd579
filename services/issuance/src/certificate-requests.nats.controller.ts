import { Injectable } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { Issuance } from '@platform/contracts';
import { type MessageHeaders, OnRequest } from '@platform/messaging';
import { ApproveCertificateRequestCommand } from './approve-certificate-request/approve-certificate-request.handler';
import { DeclineCertificateRequestCommand } from './decline-certificate-request/decline-certificate-request.handler';
import { ListCertificateRequestsQuery, ViewCertificateRequestQuery } from './list-certificate-requests/list-certificate-requests.handler';
import { RequestCertificateCommand } from './request-certificate/request-certificate.handler';
import {
  GetDepartmentRequestPolicyQuery,
  GetRequestPolicyQuery,
  SetDepartmentRequestPolicyCommand,
  SetRequestPolicyCommand,
} from './request-policy/request-policy.handlers';

/** The request lifecycle and the approval policy: bus messages into commands and queries; no logic here. */
@Injectable()
export class CertificateRequestsNatsController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @OnRequest(Issuance.RequestCertificateV2)
  request(input: Issuance.RequestCertificateRequest, headers: MessageHeaders) {
    return this.commands.execute(new RequestCertificateCommand(input, headers.correlationId));
  }

  @OnRequest(Issuance.ListCertificateRequests)
  list(input: Issuance.ListCertificateRequestsRequest) {
    return this.queries.execute(new ListCertificateRequestsQuery(input));
  }

  @OnRequest(Issuance.ViewCertificateRequest)
  view(input: Issuance.ViewCertificateRequestRequest) {
    return this.queries.execute(new ViewCertificateRequestQuery(input));
  }

  @OnRequest(Issuance.ApproveCertificateRequest)
  approve(input: Issuance.ApproveCertificateRequestRequest, headers: MessageHeaders) {
    return this.commands.execute(new ApproveCertificateRequestCommand(input, headers.correlationId));
  }

  @OnRequest(Issuance.DeclineCertificateRequest)
  decline(input: Issuance.DeclineCertificateRequestRequest, headers: MessageHeaders) {
    return this.commands.execute(new DeclineCertificateRequestCommand(input, headers.correlationId));
  }

  @OnRequest(Issuance.GetRequestPolicy)
  policy(input: Issuance.GetRequestPolicyRequest, headers: MessageHeaders) {
    return this.queries.execute(new GetRequestPolicyQuery(input, headers.correlationId));
  }

  @OnRequest(Issuance.GetDepartmentRequestPolicy)
  departmentPolicy(input: Issuance.GetDepartmentRequestPolicyRequest, headers: MessageHeaders) {
    return this.queries.execute(new GetDepartmentRequestPolicyQuery(input, headers.correlationId));
  }

  @OnRequest(Issuance.SetRequestPolicy)
  setPolicy(input: Issuance.SetRequestPolicyRequest, headers: MessageHeaders) {
    return this.commands.execute(new SetRequestPolicyCommand(input, headers.correlationId));
  }

  @OnRequest(Issuance.SetDepartmentRequestPolicy)
  setDepartmentPolicy(input: Issuance.SetDepartmentRequestPolicyRequest, headers: MessageHeaders) {
    return this.commands.execute(new SetDepartmentRequestPolicyCommand(input, headers.correlationId));
  }
}
