import { Inject } from '@nestjs/common';
import { Query, QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import type { Issuance } from '@platform/contracts';
import type { EventStore } from '@platform/event-store';
import { toCertificateRequestView } from '../certificate/certificate-request.view';
import { loadRequestInScope } from '../certificate/load-certificate-request';
import { ISSUANCE_STORE } from '../issuance.tokens';
import { CertificateRequestsReadModel } from './certificate-requests.read-model';

export class ListCertificateRequestsQuery extends Query<Issuance.ListCertificateRequestsResponse> {
  constructor(readonly input: Issuance.ListCertificateRequestsRequest) {
    super();
  }
}

@QueryHandler(ListCertificateRequestsQuery)
export class ListCertificateRequestsHandler implements IQueryHandler<ListCertificateRequestsQuery> {
  constructor(private readonly requests: CertificateRequestsReadModel) {}

  execute({ input: { actor, ...filters } }: ListCertificateRequestsQuery) {
    return this.requests.list(actor, filters);
  }
}

/** One request, from its stream: what a 202's Location shows at once, with no read model to wait for. */
export class ViewCertificateRequestQuery extends Query<Issuance.CertificateRequestView> {
  constructor(readonly input: Issuance.ViewCertificateRequestRequest) {
    super();
  }
}

@QueryHandler(ViewCertificateRequestQuery)
export class ViewCertificateRequestHandler implements IQueryHandler<ViewCertificateRequestQuery> {
  constructor(@Inject(ISSUANCE_STORE) private readonly store: EventStore) {}

  async execute({ input: { actor, requestId } }: ViewCertificateRequestQuery): Promise<Issuance.CertificateRequestView> {
    const { state } = await loadRequestInScope(this.store, actor, requestId);
    return toCertificateRequestView(state)!;
  }
}
