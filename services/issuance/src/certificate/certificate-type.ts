/**
 * What each catalogue type may certify, and which CA profile signs it. Checked before anything
 * is asked of validation or billing, so a mismatch costs nothing and says exactly what to pick.
 */
import type { CertificateType } from '@platform/contracts';
import { DomainError } from '@platform/kernel';
import type { ProfileId } from '@platform/pki';

export const CertificateTypeCode = {
  wildcardNeedsWildcardType: 'CERTIFICATE_TYPE_WILDCARD_NOT_ALLOWED',
  wildcardTypeNeedsWildcard: 'CERTIFICATE_TYPE_NEEDS_WILDCARD',
  singleNameType: 'CERTIFICATE_TYPE_SINGLE_NAME',
  multiDomainNeedsNames: 'CERTIFICATE_TYPE_NEEDS_SEVERAL_NAMES',
  notForServers: 'CERTIFICATE_TYPE_NOT_FOR_SERVERS',
  evAnchorMissing: 'EV_ANCHOR_MISSING',
} as const;

export const PROFILE_OF: Record<CertificateType, ProfileId> = {
  'ov-ssl': 'tls-ov',
  'ov-multi-domain': 'tls-ov',
  'ov-wildcard': 'tls-ov',
  'ev-ssl': 'tls-ev',
  'ev-multi-domain': 'tls-ev',
  'smime-mailbox': 'smime-mailbox',
  'smime-organisation': 'smime-organisation',
};

const refuse = (code: string, message: string, details: Record<string, unknown>) =>
  new DomainError(code, 'unprocessable', message, details);

const isWildcard = (name: string) => name.startsWith('*.');

/** Throws a DomainError with a stable code when `names` do not fit the TLS `type`. */
export function checkTlsNamesFitType(type: CertificateType, names: readonly string[]): void {
  const details = { certificateType: type, names };
  if (type === 'smime-mailbox' || type === 'smime-organisation') {
    throw refuse(
      CertificateTypeCode.notForServers,
      `"${type}" is an S/MIME certificate for a mailbox, not for server names; request it through an enrollment form, or choose an ov-* or ev-* type.`,
      details,
    );
  }
  const wildcards = names.filter(isWildcard);
  if (type === 'ov-wildcard') {
    // One wildcard, optionally with its own base name (*.example.ac.uk and example.ac.uk).
    const [wildcard] = wildcards;
    const fits = wildcards.length === 1 && names.every((n) => n === wildcard || `*.${n}` === wildcard);
    if (!fits) {
      throw refuse(
        CertificateTypeCode.wildcardTypeNeedsWildcard,
        'An ov-wildcard certificate covers exactly one wildcard name (e.g. *.example.ac.uk), optionally with its base name; ' +
          'for other names choose ov-ssl or ov-multi-domain.',
        details,
      );
    }
    return;
  }
  if (wildcards.length > 0) {
    const ev = type.startsWith('ev-');
    throw refuse(
      CertificateTypeCode.wildcardNeedsWildcardType,
      ev
        ? `EV certificates cannot contain wildcard names (${wildcards.join(', ')}); list the host names, or choose ov-wildcard.`
        : `Wildcard names (${wildcards.join(', ')}) need the ov-wildcard type.`,
      { ...details, wildcards },
    );
  }
  if ((type === 'ov-ssl' || type === 'ev-ssl') && names.length > 1) {
    throw refuse(
      CertificateTypeCode.singleNameType,
      `A ${type} certificate is for one name; this CSR has ${names.length}. Choose ${type.replace('-ssl', '-multi-domain')}.`,
      details,
    );
  }
  if ((type === 'ov-multi-domain' || type === 'ev-multi-domain') && names.length < 2) {
    throw refuse(
      CertificateTypeCode.multiDomainNeedsNames,
      `A ${type} certificate is for two or more names; this CSR has one. Choose ${type.replace('-multi-domain', '-ssl')}.`,
      details,
    );
  }
}

export function evAnchorMissing(type: CertificateType): DomainError {
  return refuse(
    CertificateTypeCode.evAnchorMissing,
    `A ${type} certificate needs the organisation's EV details vetted (an EV anchor); ask the operator to vet them, or choose an OV type.`,
    { certificateType: type },
  );
}
