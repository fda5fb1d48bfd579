import { Inject } from '@nestjs/common';
import { Query, QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import type { Issuance } from '@platform/contracts';
import type { CertificateAuthority } from '@platform/pki';
import { CERTIFICATE_AUTHORITY } from '../issuance.tokens';

/** Public CA certificates, for relying parties to verify what the platform issues. */
export class CaCertificatesQuery extends Query<Issuance.GetCaCertificatesResponse> {}

@QueryHandler(CaCertificatesQuery)
export class CaCertificatesHandler implements IQueryHandler<CaCertificatesQuery> {
  constructor(@Inject(CERTIFICATE_AUTHORITY) private readonly ca: CertificateAuthority) {}

  async execute() {
    const issuers = this.ca.issuers.map((i) => ({ id: i.id, certificatePem: i.certificatePem }));
    return { rootPem: this.ca.rootCertificatePem, chainPem: this.ca.chainPem, issuers };
  }
}
