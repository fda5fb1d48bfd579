/** What notifications keeps of an issued certificate: enough to tell its people before it expires. */
export interface WatchedCertificate {
  certificateId: string;
  organisationId: string;
  departmentId?: string;
  /** an admin id; ACME certificates carry something else, and then only the organisation's admins are told */
  requestedBy: string;
  commonName?: string;
  names: string[];
  serialNumber: string;
  issuedAt: string;
  notAfter: string;
}

/**
 * Domain events of one certificate's notices (stream `certificate-notices-<certificateId>`): the
 * expiry notices recorded here are what makes each of them go out once, whatever restarts.
 */
export type CertificateNoticeEvent =
  | { type: 'CertificateWatched'; data: WatchedCertificate }
  | { type: 'CertificateUnwatched'; data: { certificateId: string; revokedAt: string } }
  /** daysBefore: the threshold (30, 7 or 1) whose notice went out; earlier thresholds no longer do */
  | { type: 'ExpiryNoticeRecorded'; data: { certificateId: string; daysBefore: number; notAfter: string; recordedAt: string } };

export const CERTIFICATE_NOTICES_PREFIX = 'certificate-notices-';
export const certificateNoticesStream = (certificateId: string): string => `${CERTIFICATE_NOTICES_PREFIX}${certificateId}`;
