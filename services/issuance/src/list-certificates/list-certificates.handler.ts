import { Inject } from '@nestjs/common';
import { Query, QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import type { Issuance } from '@platform/contracts';
import { CLOCK, type Clock } from '@platform/kernel';
import { CertificateListProjection } from '../projections/certificate-list.projection';

export class ListCertificatesQuery extends Query<Issuance.ListCertificatesResponse> {
  constructor(readonly input: Issuance.ListCertificatesRequest) {
    super();
  }
}

@QueryHandler(ListCertificatesQuery)
export class ListCertificatesHandler implements IQueryHandler<ListCertificatesQuery> {
  constructor(
    private readonly list: CertificateListProjection,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  execute({ input: { actor, ...filters } }: ListCertificatesQuery) {
    // "Expiring within N days" counts from issuance's clock, the one certificates are dated by.
    return this.list.list(actor, filters, this.clock.now());
  }
}
