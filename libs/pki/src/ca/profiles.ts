/**
 * Certificate profiles (CA/B Forum Baseline Requirements and S/MIME BR shapes). A profile fixes
 * what a subscriber cannot choose: key usages, EKU, policy OIDs, which kind of names go in the
 * SAN, which issuing CA signs, and the subject attributes that come from validated data.
 * The constant extensions are encoded once per (profile, issuing CA, key kind, public URL).
 */
import { bitString, boolean, explicit, octetString, oid, sequence, tlv } from '../asn1/der-writer';

export type ProfileId = 'tls-ov' | 'tls-ev' | 'smime-mailbox' | 'smime-organisation';
export type IssuerId = 'tls-rsa' | 'tls-ecdsa' | 'smime';
export const ISSUER_IDS: readonly IssuerId[] = ['tls-rsa', 'tls-ecdsa', 'smime'];

export const POLICY = {
  ov: '2.23.140.1.2.2',
  ev: '2.23.140.1.1',
  /** S/MIME BR 7.1.6.1: mailbox-validated, multipurpose */
  smimeMailbox: '2.23.140.1.5.1.2',
  /** S/MIME BR 7.1.6.1: organization-validated, multipurpose */
  smimeOrganisation: '2.23.140.1.5.2.2',
} as const;

export const EKU = { serverAuth: '1.3.6.1.5.5.7.3.1', emailProtection: '1.3.6.1.5.5.7.3.4' } as const;

export interface Profile {
  id: ProfileId;
  family: 'tls' | 'smime';
  eku: string;
  policy: string;
  /** EV adds businessCategory, jurisdictionCountryName and serialNumber to the subject. */
  ev: boolean;
  /** Whether O/L/ST/C go into the subject (a mailbox-validated S/MIME certificate names the mailbox only). */
  organisationInSubject: boolean;
  /** S/MIME BR 6.3.2: 825 days; TLS follows the SC-081 schedule the caller applies. */
  maxValidityDays: number;
}

export const PROFILES: Record<ProfileId, Profile> = {
  'tls-ov': { id: 'tls-ov', family: 'tls', eku: EKU.serverAuth, policy: POLICY.ov, ev: false, organisationInSubject: true, maxValidityDays: 398 },
  'tls-ev': { id: 'tls-ev', family: 'tls', eku: EKU.serverAuth, policy: POLICY.ev, ev: true, organisationInSubject: true, maxValidityDays: 398 },
  'smime-mailbox': {
    id: 'smime-mailbox', family: 'smime', eku: EKU.emailProtection, policy: POLICY.smimeMailbox, ev: false,
    organisationInSubject: false, maxValidityDays: 825,
  },
  'smime-organisation': {
    id: 'smime-organisation', family: 'smime', eku: EKU.emailProtection, policy: POLICY.smimeOrganisation, ev: false,
    organisationInSubject: true, maxValidityDays: 825,
  },
};

/** TLS: RSA keys under the RSA CA, ECDSA keys under the ECDSA CA (like Let's Encrypt's R and E CAs). */
export function issuerFor(profile: Profile, keyAlgorithm: 'RSA' | 'ECDSA'): IssuerId {
  if (profile.family === 'smime') return 'smime';
  return keyAlgorithm === 'RSA' ? 'tls-rsa' : 'tls-ecdsa';
}

export const crlUrl = (publicUrl: string, issuer: IssuerId): string => `${trim(publicUrl)}/crl/${issuer}.crl`;
export const caIssuersUrl = (publicUrl: string, issuer: IssuerId): string => `${trim(publicUrl)}/ca/${issuer}.crt`;
export const ocspUrl = (publicUrl: string): string => `${trim(publicUrl)}/ocsp`;
const trim = (url: string): string => url.replace(/\/+$/, '');

export const extension = (id: string, critical: boolean, value: Buffer): Buffer =>
  sequence(oid(id), ...(critical ? [boolean(true)] : []), octetString(value));

const OID = {
  basicConstraints: '2.5.29.19',
  keyUsage: '2.5.29.15',
  extKeyUsage: '2.5.29.37',
  subjectKeyId: '2.5.29.14',
  authorityKeyId: '2.5.29.35',
  subjectAltName: '2.5.29.17',
  crlDistributionPoints: '2.5.29.31',
  authorityInfoAccess: '1.3.6.1.5.5.7.1.1',
  certificatePolicies: '2.5.29.32',
  ocsp: '1.3.6.1.5.5.7.48.1',
  caIssuers: '1.3.6.1.5.5.7.48.2',
};

/**
 * The extensions every certificate of a profile shares, in the order they are written, split
 * around the two that differ per certificate (SKI after the constant head, SAN at the end).
 */
export function constantExtensions(
  profile: Profile,
  issuer: { id: IssuerId; keyId: Buffer },
  rsaKey: boolean,
  publicUrl: string | undefined,
): Buffer {
  // digitalSignature (bit 0), plus keyEncipherment (bit 2) for RSA: key transport needs it, ECDSA cannot encipher.
  const keyUsage = rsaKey ? bitString(Buffer.from([0xa0]), 5) : bitString(Buffer.from([0x80]), 7);
  const parts = [
    extension(OID.basicConstraints, true, sequence()),
    extension(OID.keyUsage, true, keyUsage),
    extension(OID.extKeyUsage, false, sequence(oid(profile.eku))),
    extension(OID.authorityKeyId, false, sequence(tlv(0x80, issuer.keyId))),
    extension(OID.certificatePolicies, false, sequence(sequence(oid(profile.policy)))),
  ];
  if (publicUrl) {
    const uri = (url: string) => tlv(0x86, Buffer.from(url, 'latin1'));
    // DistributionPoint { distributionPoint [0] { fullName [0] { URI } } }
    parts.push(extension(OID.crlDistributionPoints, false, sequence(sequence(explicit(0, explicit(0, uri(crlUrl(publicUrl, issuer.id))))))));
    parts.push(
      extension(
        OID.authorityInfoAccess,
        false,
        sequence(
          sequence(oid(OID.ocsp), uri(ocspUrl(publicUrl))),
          sequence(oid(OID.caIssuers), uri(caIssuersUrl(publicUrl, issuer.id))),
        ),
      ),
    );
  }
  return Buffer.concat(parts);
}

/** The SKI extension up to its 20-byte key identifier (SHA-1): the same in every certificate. */
export const SUBJECT_KEY_ID_HEAD = extension(OID.subjectKeyId, false, octetString(Buffer.alloc(20))).subarray(0, -20);

/** The SAN's extnID; its GeneralNames are dNSNames ([2]) or rfc822Names ([1]), and it is critical when the subject is empty (RFC 5280 4.2.1.6). */
export const SUBJECT_ALT_NAME_TYPE = oid(OID.subjectAltName);
export const GENERAL_NAME_TAG = { dns: 0x82, email: 0x81 } as const;
