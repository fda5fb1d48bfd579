/** Stable error codes of CSR parsing. All are kind 'invalid': the requester sent something we refuse. */
import { DomainError } from '@platform/kernel';

export const CsrErrorCode = {
  malformed: 'CSR_MALFORMED',
  signatureInvalid: 'CSR_SIGNATURE_INVALID',
  keyUnsupported: 'CSR_KEY_UNSUPPORTED',
  nameInvalid: 'CSR_NAME_INVALID',
  cnNotInSan: 'CSR_CN_NOT_IN_SAN',
} as const;
export type CsrErrorCode = (typeof CsrErrorCode)[keyof typeof CsrErrorCode];

export const csrError = (code: CsrErrorCode, message: string, details?: Record<string, unknown>): DomainError =>
  new DomainError(code, 'invalid', message, details);

export const malformed = (reason: string): DomainError =>
  csrError(
    CsrErrorCode.malformed,
    `The CSR could not be read: ${reason}. Send a PKCS#10 certificate signing request as PEM ` +
      '("-----BEGIN CERTIFICATE REQUEST-----") or DER, e.g. as produced by `openssl req -new`.',
    { reason },
  );

/** RFC 7633's TLS Feature extension; with status_request it is "OCSP Must-Staple". */
export const OID_TLS_FEATURE = '1.3.6.1.5.5.7.1.24';

/**
 * A CSR asking for OCSP Must-Staple (the TLS Feature extension). Our profiles never carry it, and
 * signing without it would hand over a certificate that is not what was asked for; so it is refused
 * (kind 'unprocessable': the CSR is sound, the request is not one this CA serves).
 */
export const mustStapleRefused = (): DomainError =>
  new DomainError(
    'CSR_MUST_STAPLE_UNSUPPORTED',
    'unprocessable',
    'The CSR asks for OCSP Must-Staple (the TLS Feature extension, 1.3.6.1.5.5.7.1.24), which this CA does not put in certificates: ' +
      'revocation is published by CRL and OCSP without stapling being required. Make the CSR again without it ' +
      '(certbot: leave out --must-staple; openssl: leave out tlsfeature = status_request).',
    { extension: OID_TLS_FEATURE },
  );
