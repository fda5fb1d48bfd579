export const ISSUANCE_STORE = Symbol('ISSUANCE_STORE');
export const CERTIFICATE_AUTHORITY = Symbol('CERTIFICATE_AUTHORITY');
export const ISSUANCE_READ_MODEL = Symbol('ISSUANCE_READ_MODEL');
export const ISSUANCE_CONFIG = Symbol('ISSUANCE_CONFIG');
/** How often the resumer looks for requests whose owner's lease ran out. */
export const ISSUANCE_RESUME_INTERVAL_MS = Symbol('ISSUANCE_RESUME_INTERVAL_MS');

export interface IssuanceConfig {
  /** base of the URLs written into certificates: CRL distribution point, OCSP and CA issuers (AIA) */
  publicUrl: string;
  /** where the current CRL of each CA is kept for restarts (absent: in memory only) */
  crlDir?: string;
}
