import { Injectable } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { Issuance } from '@platform/contracts';
import { OnRequest } from '@platform/messaging';
import { DownloadCertificateQuery } from './download-certificate/download-certificate.handler';
import { OcspRespondQuery } from './ocsp/ocsp-respond.handler';
import { GetCrlInfoQuery, GetCrlPartQuery, GetCrlQuery } from './publish-crl/get-crl.handler';

/** CRL, OCSP and downloads: bus messages into queries, no logic here. */
@Injectable()
export class RevocationNatsController {
  constructor(private readonly queries: QueryBus) {}

  @OnRequest(Issuance.GetCrl)
  crl(input: Issuance.GetCrlRequest) {
    return this.queries.execute(new GetCrlQuery(input));
  }

  @OnRequest(Issuance.GetCrlInfo)
  crlInfo(input: Issuance.GetCrlInfoRequest) {
    return this.queries.execute(new GetCrlInfoQuery(input));
  }

  @OnRequest(Issuance.GetCrlPart)
  crlPart(input: Issuance.GetCrlPartRequest) {
    return this.queries.execute(new GetCrlPartQuery(input));
  }

  @OnRequest(Issuance.OcspRespond)
  ocsp(input: Issuance.OcspRespondRequest) {
    return this.queries.execute(new OcspRespondQuery(input));
  }

  @OnRequest(Issuance.DownloadCertificate)
  download(input: Issuance.DownloadCertificateRequest) {
    return this.queries.execute(new DownloadCertificateQuery(input));
  }
}
