import { type DynamicModule, Module } from '@nestjs/common';
import { MessagingModule } from '@platform/messaging';
import type { EventStore } from '@platform/event-store';
import type { CertificateAuthority } from '@platform/pki';
import type { ReadModelDbConfig } from '@platform/read-model';
import { CaCertificatesHandler } from './ca-certificates/ca-certificates.handler';
import { CertificateHistoryHandler } from './certificate-history/certificate-history.handler';
import { GetCertificateHandler } from './get-certificate/get-certificate.handler';
import { IssuanceNatsController } from './issuance.nats.controller';
import { IssuanceRelay } from './issuance.relay';
import { CERTIFICATE_AUTHORITY, ISSUANCE_CONFIG, ISSUANCE_READ_MODEL, ISSUANCE_RESUME_INTERVAL_MS, ISSUANCE_STORE, type IssuanceConfig } from './issuance.tokens';
import { ListCertificatesHandler } from './list-certificates/list-certificates.handler';
import { CertificateListProjection } from './projections/certificate-list.projection';
import { CertificateRequestProcess } from './request-certificate/certificate-request.process';
import { PendingRequestsReadModel } from './request-certificate/pending-requests.read-model';
import { OrganisationNames } from './request-certificate/organisation-names';
import { RequestCertificateHandler } from './request-certificate/request-certificate.handler';
import { RequestResumer } from './request-certificate/request-resumer';
import { RevokeCertificateHandler } from './revoke-certificate/revoke-certificate.handler';
import { DownloadCertificateHandler } from './download-certificate/download-certificate.handler';
import { OcspRespondHandler } from './ocsp/ocsp-respond.handler';
import { CrlPublisher } from './publish-crl/crl-publisher';
import { CrlRefreshSubscriber } from './publish-crl/crl-refresh.subscriber';
import { GetCrlHandler, GetCrlInfoHandler, GetCrlPartHandler } from './publish-crl/get-crl.handler';
import { RevocationNatsController } from './revocation.nats.controller';
import { CertificateRequestsNatsController } from './certificate-requests.nats.controller';
import { ApproveCertificateRequestHandler } from './approve-certificate-request/approve-certificate-request.handler';
import { DeclineCertificateRequestHandler } from './decline-certificate-request/decline-certificate-request.handler';
import { ListCertificateRequestsHandler, ViewCertificateRequestHandler } from './list-certificate-requests/list-certificate-requests.handler';
import { CertificateRequestsReadModel } from './list-certificate-requests/certificate-requests.read-model';
import { RequestPolicies } from './request-policy/request-policies';
import {
  GetDepartmentRequestPolicyHandler,
  GetRequestPolicyHandler,
  SetDepartmentRequestPolicyHandler,
  SetRequestPolicyHandler,
} from './request-policy/request-policy.handlers';

export interface IssuanceOptions {
  store: EventStore;
  readModel: ReadModelDbConfig;
  /** only the issuance service holds the CA's keys */
  ca: CertificateAuthority;
  /** PUBLIC_URL: where relying parties reach /crl, /ocsp and /ca (default http://localhost:8080) */
  publicUrl?: string;
  /** where the current CRLs are kept for restarts (e.g. DATA_DIR/crl); absent: in memory only */
  crlDir?: string;
  /** how often unfinished requests of crashed instances are looked for (default 5 s) */
  resumeIntervalMs?: number;
}

/** Certificate requests, signing and revocation. Owns the `certificate-<uuid>` streams and the CA. */
@Module({})
export class IssuanceModule {
  static register(options: IssuanceOptions): DynamicModule {
    return {
      module: IssuanceModule,
      imports: [MessagingModule.forFeature('issuance')],
      providers: [
        { provide: ISSUANCE_STORE, useValue: options.store },
        { provide: ISSUANCE_READ_MODEL, useValue: options.readModel },
        { provide: CERTIFICATE_AUTHORITY, useValue: options.ca },
        {
          provide: ISSUANCE_CONFIG,
          useValue: { publicUrl: options.publicUrl ?? 'http://localhost:8080', crlDir: options.crlDir } satisfies IssuanceConfig,
        },
        CertificateListProjection,
        IssuanceRelay,
        IssuanceNatsController,
        { provide: ISSUANCE_RESUME_INTERVAL_MS, useValue: options.resumeIntervalMs ?? 5_000 },
        CertificateRequestProcess,
        PendingRequestsReadModel,
        RequestResumer,
        OrganisationNames,
        RequestCertificateHandler,
        RevokeCertificateHandler,
        GetCertificateHandler,
        ListCertificatesHandler,
        CertificateHistoryHandler,
        CaCertificatesHandler,
        CrlPublisher,
        CrlRefreshSubscriber,
        GetCrlHandler,
        GetCrlInfoHandler,
        GetCrlPartHandler,
        OcspRespondHandler,
        DownloadCertificateHandler,
        RevocationNatsController,
        // The request lifecycle (approval, listing) and the approval policy.
        CertificateRequestsNatsController,
        RequestPolicies,
        CertificateRequestsReadModel,
        ApproveCertificateRequestHandler,
        DeclineCertificateRequestHandler,
        ListCertificateRequestsHandler,
        ViewCertificateRequestHandler,
        GetRequestPolicyHandler,
        GetDepartmentRequestPolicyHandler,
        SetRequestPolicyHandler,
        SetDepartmentRequestPolicyHandler,
      ],
    };
  }
}
