import type { CertificateType, Issuance, RequestMethod } from '@platform/contracts';
import type { SubjectFields } from '@platform/pki';

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
  /** how it was requested; absent in events from before request methods: 'manual' */
  method?: RequestMethod;
}

export const issuerIdOf = (c: Pick<CertificateIssuedData, 'issuerId'>): string => c.issuerId ?? 'tls-rsa';

/**
 * Everything needed to finish a request after a crash, recorded before its unit is reserved: a resumer
 * on any instance can confirm, sign and record it from this alone (no second validation, no identity).
 */
export interface CertificateRequestData {
  certificateId: string;
  organisationId: string;
  departmentId?: string;
  requestedBy: string;
  /** the idempotency key, when the request came with one */
  requestId?: string;
  /** PKCS#10 PEM, as checked */
  csr: string;
  publicKeySha256: string;
  certificateType: CertificateType;
  /** the subject the certificate carries: the organisation's name and what validation vetted */
  subject: SubjectFields;
  requestedAt: string;
  /** absent in events from before request methods: 'manual' */
  method?: RequestMethod;
  /** the CSR's names (absent in events from before the request lifecycle) */
  names?: string[];
  /** the requester's e-mail address at the time (absent in events from before the request lifecycle) */
  requestedByEmail?: string;
  /** who let it through, when the approval policy held it (or approved it at once: automatic) */
  approval?: RequestApproval;
}

export interface RequestApproval {
  by: string;
  at: string;
  /** the requester's own request, approved at once under the auto-approve setting */
  automatic?: boolean;
}

/** A request the approval policy holds: recorded whole (CSR, subject...), so that an approval needs nothing else. */
export type CertificateRequestSubmittedData = CertificateRequestData & Required<Pick<CertificateRequestData, 'method' | 'names'>>;

/**
 * A rule refused the request (validation, allowance, a blocked key, a type that does not fit the names),
 * after its CSR parsed and its caller was in scope. Self-contained: it may be the stream's only event.
 */
export interface CertificateRequestRefusedData {
  certificateId: string;
  organisationId: string;
  departmentId?: string;
  requestedBy: string;
  requestedByEmail?: string;
  requestId?: string;
  names: string[];
  certificateType: CertificateType;
  method: RequestMethod;
  requestedAt: string;
  /** the refusal's stable code and message, and its details (e.g. validation's problems) */
  code: string;
  message: string;
  details?: Record<string, unknown>;
  refusedAt: string;
}

/** Who drives a request and until when: another instance takes it over only once `until` has passed. */
export interface RequestLease {
  owner: string;
  until: string;
}

/** The request's events on the certificate's stream, before there is a certificate (the certificate read models skip them; the request listing reads them). */
export type CertificateRequestEvent =
  | { type: 'CertificateRequested'; data: CertificateRequestData & { lease: RequestLease } }
  /** a resumer took over a request whose owner's lease ran out (a crash, a stall) */
  | { type: 'CertificateRequestResumed'; data: { certificateId: string; lease: RequestLease; resumedAt: string } }
  /**
   * The request ended without a certificate. unitHeld: billing may still hold its unit (the bus did not
   * answer the release); the resumer gives it back and records CertificateRequestUnitReturned.
   */
  | { type: 'CertificateRequestFailed'; data: { certificateId: string; organisationId: string; code: string; message: string; failedAt: string; unitHeld: boolean } }
  | { type: 'CertificateRequestUnitReturned'; data: { certificateId: string; returnedAt: string } }
  /** held for an approver's decision: nothing is reserved or counted until CertificateRequestApproved */
  | { type: 'CertificateRequestSubmitted'; data: CertificateRequestSubmittedData }
  /** always followed, in the same append, by the CertificateRequested that the issuance then drives */
  | { type: 'CertificateRequestApproved'; data: { certificateId: string; organisationId: string; approvedBy: string; approvedAt: string } }
  | { type: 'CertificateRequestDeclined'; data: { certificateId: string; organisationId: string; declinedBy: string; reason: string; declinedAt: string } }
  | { type: 'CertificateRequestRefused'; data: CertificateRequestRefusedData };

/** The certificate's own events: what read models and other services learn of. */
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

/** Domain events of the certificate aggregate (stream `certificate-<uuid>`). Stable type strings. */
export type CertificateStreamEvent = CertificateRequestEvent | CertificateEvent;

export const certificateStream = (certificateId: string): string => `certificate-${certificateId}`;
export const CERTIFICATE_STREAM_PREFIX = 'certificate-';
