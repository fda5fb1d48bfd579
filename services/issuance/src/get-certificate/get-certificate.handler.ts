import { Inject } from '@nestjs/common';
import { Query, QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import type { CertificateView, Issuance } from '@platform/contracts';
import type { EventStore } from '@platform/event-store';
import { toCertificateView } from '../certificate/certificate.view';
import { loadCertificateInScope } from '../certificate/load-certificate';
import { ISSUANCE_STORE } from '../issuance.tokens';

export class GetCertificateQuery extends Query<CertificateView> {
  constructor(readonly input: Issuance.GetCertificateRequest) {
    super();
  }
}

@QueryHandler(GetCertificateQuery)
export class GetCertificateHandler implements IQueryHandler<GetCertificateQuery> {
  constructor(@Inject(ISSUANCE_STORE) private readonly store: EventStore) {}

  async execute({ input }: GetCertificateQuery): Promise<CertificateView> {
    const { state } = await loadCertificateInScope(this.store, input.actor, input.certificateId);
    return toCertificateView(state);
  }
}
