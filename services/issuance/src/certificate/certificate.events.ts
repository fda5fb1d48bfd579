import type { CertificateType, Issuance } from '@platform/contracts';

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
  /** absent in events from before certificate types: 'ov-ssl' */
  certificateType?: CertificateType;
  /** absent in events from before the CA hierarchy: the RSA issuing CA, 'tls-rsa' */
  issuerId?: string;
  /** absent: requested for the organisation as a whole (and in events from before departments) */
  departmentId?: string;
}

export const issuerIdOf = (c: Pick<CertificateIssuedData, 'issuerId'>): string => c.issuerId ?? 'tls-rsa';

/** Domain events of the certificate aggregate (stream `certificate-<uuid>`). Stable type strings. */
export type CertificateEvent =
  | { type: 'CertificateIssued'; data: CertificateIssuedData }
  | {
      type: 'CertificateRevoked';
      data: {
        certificateId: string;
        /** copied from the issued certificate so that consumers need nothing else */
        organisationId: string;
        departmentId?: string;
        serialNumber: string;
        issuedAt: string;
        reason: RevocationReason;
        revokedAt: string;
        revokedBy: string;
        /** so that keyCompromise can block the key, and the CRL and OCSP find the issuing CA */
        publicKeySha256?: string;
        issuerId?: string;
      };
    };

export const certificateStream = (certificateId: string): string => `certificate-${certificateId}`;
export const CERTIFICATE_STREAM_PREFIX = 'certificate-';
