import { Inject } from '@nestjs/common';
import { Query, QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import type { Issuance } from '@platform/contracts';
import type { EventStore } from '@platform/event-store';
import { certificateDer, pkcs7CertsOnly } from '@platform/pki';
import { loadCertificateInScope } from '../certificate/load-certificate';
import { ISSUANCE_STORE } from '../issuance.tokens';

export class DownloadCertificateQuery extends Query<Issuance.DownloadCertificateResponse> {
  constructor(readonly input: Issuance.DownloadCertificateRequest) {
    super();
  }
}

const PEM = 'application/x-pem-file';

/** The certificate in the format a server or client wants; only in the actor's scope (else not found). */
@QueryHandler(DownloadCertificateQuery)
export class DownloadCertificateHandler implements IQueryHandler<DownloadCertificateQuery> {
  constructor(@Inject(ISSUANCE_STORE) private readonly store: EventStore) {}

  async execute({ input }: DownloadCertificateQuery): Promise<Issuance.DownloadCertificateResponse> {
    const { state } = await loadCertificateInScope(this.store, input.actor, input.certificateId);
    const { certificatePem, chainPem, commonName } = state.certificate;
    const base = (commonName || input.certificateId).replace(/^\*\./, 'wildcard.').replace(/[^A-Za-z0-9.@-]/g, '_');
    const text = (body: string, filename: string) => ({ contentType: PEM, filename, body: Buffer.from(body).toString('base64') });
    switch (input.format) {
      case 'pem':
        return text(certificatePem, `${base}.crt.pem`);
      case 'chain':
        return text(chainPem, `${base}.chain.pem`);
      case 'fullchain':
        return text(certificatePem + chainPem, `${base}.fullchain.pem`);
      case 'der':
        return { contentType: 'application/pkix-cert', filename: `${base}.cer`, body: certificateDer(certificatePem).toString('base64') };
      case 'pkcs7':
        return {
          contentType: 'application/pkcs7-mime',
          filename: `${base}.p7b`,
          body: pkcs7CertsOnly(certificatePem + chainPem).toString('base64'),
        };
      default: {
        const unreachable: never = input.format;
        return unreachable;
      }
    }
  }
}
