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
