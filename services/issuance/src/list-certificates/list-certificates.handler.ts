import { Query, QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import type { Issuance } from '@platform/contracts';
import { CertificateListProjection } from '../projections/certificate-list.projection';

export class ListCertificatesQuery extends Query<Issuance.ListCertificatesResponse> {
  constructor(readonly input: Issuance.ListCertificatesRequest) {
    super();
  }
}

@QueryHandler(ListCertificatesQuery)
export class ListCertificatesHandler implements IQueryHandler<ListCertificatesQuery> {
  constructor(private readonly list: CertificateListProjection) {}

  execute({ input: { actor, ...filters } }: ListCertificatesQuery) {
    return this.list.list(actor, filters);
  }
}
