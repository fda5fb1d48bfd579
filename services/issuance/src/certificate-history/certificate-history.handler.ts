import { Inject } from '@nestjs/common';
import { Query, QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import type { HistoryEntry, Issuance } from '@platform/contracts';
import { type EventStore, toHistoryEntry } from '@platform/event-store';
import { certificateStream } from '../certificate/certificate.events';
import { loadCertificateInScope } from '../certificate/load-certificate';
import { ISSUANCE_STORE } from '../issuance.tokens';

/** The certificate's events in order, its request's first; the PEMs and the CSR are left out (they are in the certificate itself). */
export class CertificateHistoryQuery extends Query<HistoryEntry[]> {
  constructor(readonly input: Issuance.CertificateHistoryRequest) {
    super();
  }
}

@QueryHandler(CertificateHistoryQuery)
export class CertificateHistoryHandler implements IQueryHandler<CertificateHistoryQuery> {
  constructor(@Inject(ISSUANCE_STORE) private readonly store: EventStore) {}

  async execute({ input }: CertificateHistoryQuery): Promise<HistoryEntry[]> {
    await loadCertificateInScope(this.store, input.actor, input.certificateId);
    const events = await this.store.readStream(certificateStream(input.certificateId));
    return events.map((e) => {
      const entry = toHistoryEntry(e);
      if (e.type === 'CertificateRequested' || e.type === 'CertificateRequestSubmitted') {
        // The CSR is the request's bulk, and the certificate shows its key: left out like the PEMs.
        const { csr: _csr, ...data } = e.data as Record<string, unknown>;
        return { ...entry, data };
      }
      if (e.type !== 'CertificateIssued') return entry;
      const { certificatePem: _pem, chainPem: _chain, ...data } = e.data as Record<string, unknown>;
      return { ...entry, data };
    });
  }
}
