import { Injectable } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { Issuance } from '@platform/contracts';
import { type MessageHeaders, OnRequest } from '@platform/messaging';
import { CaCertificatesQuery } from './ca-certificates/ca-certificates.handler';
import { CertificateHistoryQuery } from './certificate-history/certificate-history.handler';
import { GetCertificateQuery } from './get-certificate/get-certificate.handler';
import { ListCertificatesQuery } from './list-certificates/list-certificates.handler';
import { RequestCertificateCommand, type RequestOutcome, certificateOf } from './request-certificate/request-certificate.handler';
import { RevokeCertificateCommand } from './revoke-certificate/revoke-certificate.handler';

/** Translates bus messages into commands and queries; no logic here. */
@Injectable()
export class IssuanceNatsController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @OnRequest(Issuance.RequestCertificate)
  async request(input: Issuance.RequestCertificateRequest, headers: MessageHeaders) {
    const outcome: RequestOutcome = await this.commands.execute(new RequestCertificateCommand(input, headers.correlationId));
    return certificateOf(outcome, input.requestId);
  }

  @OnRequest(Issuance.RevokeCertificate)
  revoke(input: Issuance.RevokeCertificateRequest, headers: MessageHeaders) {
    return this.commands.execute(new RevokeCertificateCommand(input, headers.correlationId));
  }

  @OnRequest(Issuance.GetCertificate)
  get(input: Issuance.GetCertificateRequest) {
    return this.queries.execute(new GetCertificateQuery(input));
  }

  @OnRequest(Issuance.ListCertificates)
  list(input: Issuance.ListCertificatesRequest) {
    return this.queries.execute(new ListCertificatesQuery(input));
  }

  @OnRequest(Issuance.CertificateHistory)
  history(input: Issuance.CertificateHistoryRequest) {
    return this.queries.execute(new CertificateHistoryQuery(input));
  }

  @OnRequest(Issuance.GetCaCertificates)
  caCertificates() {
    return this.queries.execute(new CaCertificatesQuery());
  }
}
