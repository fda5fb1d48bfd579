import type { Issuance } from '@platform/contracts';

type RevocationReason = Issuance.RevokeCertificateRequest['reason'];

export interface CertificateIssuedData {
  certificateId: string;
  organisationId: string;
  requestedBy: string;
  commonName: string;
  names: string[];
  serialNumber: string;
  keyAlgorithm: string;
  publicKeySha256: string;
  notBefore: string;
  notAfter: string;
  issuedAt: string;
  certificatePem: string;
  chainPem: string;
}

/** Domain events of the certificate aggregate (stream `certificate-<uuid>`). Stable type strings. */
export type CertificateEvent =
  | { type: 'CertificateIssued'; data: CertificateIssuedData }
  | {
      type: 'CertificateRevoked';
      data: {
        certificateId: string;
        /** copied from the issued certificate so that consumers need nothing else */
        organisationId: string;
        serialNumber: string;
        issuedAt: string;
        reason: RevocationReason;
        revokedAt: string;
        revokedBy: string;
      };
    };

export const certificateStream = (certificateId: string): string => `certificate-${certificateId}`;
export const CERTIFICATE_STREAM_PREFIX = 'certificate-';
