/**
 * Stable error codes of the certificate authority. Messages name files and fields, never key
 * material or the passphrase.
 */
import { DomainError } from '@platform/kernel';

export const CaErrorCode = {
  passphraseRequired: 'CA_PASSPHRASE_REQUIRED',
  passphraseInvalid: 'CA_PASSPHRASE_INVALID',
  storeIncomplete: 'CA_STORE_INCOMPLETE',
  storeCorrupt: 'CA_STORE_CORRUPT',
  nameInvalid: 'ISSUE_NAME_INVALID',
  subjectInvalid: 'ISSUE_SUBJECT_INVALID',
  validityInvalid: 'ISSUE_VALIDITY_INVALID',
  profileUnsupported: 'ISSUE_PROFILE_UNSUPPORTED',
  signingFailed: 'CA_SIGNING_FAILED',
  issuerUnknown: 'CA_ISSUER_UNKNOWN',
} as const;

export const storeCorrupt = (file: string, what: string): DomainError =>
  new DomainError(
    CaErrorCode.storeCorrupt,
    'internal',
    `The CA store is not usable: ${file} ${what}. Restore the CA directory from backup, or move it aside to create a new CA.`,
    { file },
  );

export const invalidRequest = (code: string, message: string, details?: Record<string, unknown>): DomainError =>
  new DomainError(code, 'invalid', message, details);
