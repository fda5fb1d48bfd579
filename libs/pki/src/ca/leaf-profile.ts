/**
 * The 'tls-server' profile: what goes into a subscriber certificate besides key and dates.
 * OV (organisation validated): subject carries the organisation, policy 2.23.140.1.2.2.
 */
import { x509 } from '../x509';
import { keyIdentifier } from './key-identifier';
import { CaErrorCode, invalidRequest } from './ca.errors';

export interface SubjectFields {
  organisation?: string;
  country?: string;
  locality?: string;
  state?: string;
}

export const OV_POLICY = '2.23.140.1.2.2';
/** RFC 5280 upper bounds (ub-common-name, ub-organization-name, ub-locality-name, ub-state-name). */
const MAX_CN = 64;
const LIMITS = { organisation: 64, locality: 128, state: 128 } as const;

/**
 * The CN is the CSR's CN when it is among the names, else the first name; a name longer than
 * 64 characters cannot be a CN, so the first one that fits is used, or none (the SAN is what
 * clients check).
 */
export function chooseCommonName(dnsNames: readonly string[], csrCommonName?: string): string | undefined {
  const preferred = csrCommonName && dnsNames.includes(csrCommonName) ? csrCommonName : dnsNames[0];
  if (preferred !== undefined && preferred.length <= MAX_CN) return preferred;
  return dnsNames.find((name) => name.length <= MAX_CN);
}

export function leafSubject(fields: SubjectFields, commonName: string | undefined): x509.JsonName {
  const rdns: x509.JsonName = [];
  if (fields.country !== undefined) rdns.push({ C: [checkCountry(fields.country)] });
  if (fields.state !== undefined) rdns.push({ ST: [checkText('state', fields.state, LIMITS.state)] });
  if (fields.locality !== undefined) rdns.push({ L: [checkText('locality', fields.locality, LIMITS.locality)] });
  if (fields.organisation !== undefined) {
    rdns.push({ O: [checkText('organisation', fields.organisation, LIMITS.organisation)] });
  }
  if (commonName !== undefined) rdns.push({ CN: [commonName] });
  return rdns;
}

const { digitalSignature, keyEncipherment } = x509.KeyUsageFlags;

interface Subscriber {
  dnsNames: readonly string[];
  spki: Buffer;
  rsaKey: boolean;
  subjectEmpty: boolean;
}

/**
 * Extensions of a 'tls-server' certificate. Those that do not depend on the subscriber are built
 * once per issuing CA: building an extension through @peculiar/x509 costs a fraction of a
 * millisecond each, a large share of the time to issue a certificate.
 */
export class TlsServerExtensions {
  readonly #basicConstraints = new x509.BasicConstraintsExtension(false, undefined, true);
  // keyEncipherment only for RSA: RSA key transport (TLS 1.2 without ECDHE) needs it; ECDSA cannot encipher.
  readonly #keyUsageRsa = new x509.KeyUsagesExtension(digitalSignature | keyEncipherment, true);
  readonly #keyUsageEc = new x509.KeyUsagesExtension(digitalSignature, true);
  readonly #extendedKeyUsage = new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.serverAuth]);
  readonly #policies = new x509.CertificatePolicyExtension([OV_POLICY]);
  readonly #authorityKeyId: x509.AuthorityKeyIdentifierExtension;

  constructor(issuerKeyId: string) {
    this.#authorityKeyId = new x509.AuthorityKeyIdentifierExtension(issuerKeyId);
  }

  for(subscriber: Subscriber): x509.Extension[] {
    return [
      this.#basicConstraints,
      subscriber.rsaKey ? this.#keyUsageRsa : this.#keyUsageEc,
      this.#extendedKeyUsage,
      new x509.SubjectKeyIdentifierExtension(keyIdentifier(subscriber.spki)),
      this.#authorityKeyId,
      this.#policies,
      // RFC 5280 4.2.1.6: with an empty subject the SAN must be critical.
      new x509.SubjectAlternativeNameExtension(
        subscriber.dnsNames.map((value): x509.JsonGeneralName => ({ type: 'dns', value })),
        subscriber.subjectEmpty,
      ),
    ];
  }
}

function checkCountry(country: string): string {
  const upper = country.toUpperCase();
  if (!/^[A-Z]{2}$/.test(upper)) {
    throw invalidRequest(
      CaErrorCode.subjectInvalid,
      `The subject country "${country}" is not a two-letter ISO 3166 code. Use e.g. "GB".`,
      { field: 'country', value: country },
    );
  }
  return upper;
}

function checkText(field: string, value: string, max: number): string {
  // Control characters would be invisible in most viewers and can spoof a different subject.
  if (value.trim().length === 0 || value.length > max || /[\x00-\x1f\x7f]/.test(value)) {
    throw invalidRequest(
      CaErrorCode.subjectInvalid,
      `The subject ${field} must be 1 to ${max} characters without control characters; got ${JSON.stringify(value)}.`,
      { field, value },
    );
  }
  return value;
}
