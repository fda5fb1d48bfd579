/**
 * The subject of a subscriber certificate, encoded directly as a DER Name: C, ST, L, O from the
 * validated organisation, EV's businessCategory / jurisdictionCountryName / serialNumber, then CN.
 */
import { unsafeCharacter } from '@platform/contracts';
import { oid, printableString, sequence, set, utf8String } from '../asn1/der-writer';
import { CaErrorCode, invalidRequest } from './ca.errors';

export interface EvFields {
  jurisdictionCountry: string;
  /** EV Guidelines 9.2.4: given when the registration is at state or locality level */
  jurisdictionState?: string;
  jurisdictionLocality?: string;
  businessCategory: string;
  registrationNumber: string;
}

export interface SubjectFields {
  organisation?: string;
  country?: string;
  locality?: string;
  state?: string;
  /** EV profiles only: from the organisation's EV vetting */
  ev?: EvFields;
}

/** RFC 5280 upper bounds (ub-common-name, ub-organization-name, ub-locality-name, ub-state-name, ub-serial-number). */
const MAX_CN = 64;
const LIMITS = { organisation: 64, locality: 128, state: 128, businessCategory: 128, registrationNumber: 64 } as const;

const ATTRIBUTE = {
  C: '2.5.4.6',
  ST: '2.5.4.8',
  L: '2.5.4.7',
  O: '2.5.4.10',
  CN: '2.5.4.3',
  businessCategory: '2.5.4.15',
  jurisdictionC: '1.3.6.1.4.1.311.60.2.1.3',
  jurisdictionST: '1.3.6.1.4.1.311.60.2.1.2',
  jurisdictionL: '1.3.6.1.4.1.311.60.2.1.1',
  serialNumber: '2.5.4.5',
};

/**
 * The CN is the CSR's CN when it is among the names, else the first name; a name longer than
 * 64 characters cannot be a CN, so the first one that fits is used, or none (the SAN is what
 * clients check).
 */
export function chooseCommonName(names: readonly string[], csrCommonName?: string): string | undefined {
  const preferred = csrCommonName && names.includes(csrCommonName) ? csrCommonName : names[0];
  if (preferred !== undefined && preferred.length <= MAX_CN) return preferred;
  return names.find((name) => name.length <= MAX_CN);
}

const rdn = (type: string, value: Buffer): Buffer => set(sequence(oid(type), value));

export interface LeafSubject {
  /** The RDNs before the CN (C, ST, L, O, EV's), DER, concatenated: the same for all of an organisation's certificates. */
  organisationRdns: Buffer;
  commonName: string | undefined;
  /** No RDN at all: the caller makes the SAN critical. */
  empty: boolean;
}

/** The attribute type of the CN, DER: the certificate writer encodes the CN RDN in place. */
export const COMMON_NAME_TYPE = oid(ATTRIBUTE.CN);

/** The subject Name's parts. */
export function leafSubject(fields: SubjectFields, commonName: string | undefined, options: { organisation: boolean; ev: boolean }): LeafSubject {
  const organisationRdns = organisationRdnsOf(fields, options);
  return { organisationRdns, commonName, empty: organisationRdns.length === 0 && commonName === undefined };
}

// An organisation's validated attributes are the same in each of its certificates: checked and
// encoded once, in a small cache cleared when full. Entries are found by the organisation name,
// then compared value by value (===) rather than through a key string built from the values: such
// a key cost more than the encoding it saved, and could not tell an empty value from an absent one.
const organisationCache = new Map<string | undefined, { values: unknown[]; rdns: Buffer }[]>();
let cachedOrganisations = 0;

function organisationRdnsOf(fields: SubjectFields, options: { organisation: boolean; ev: boolean }): Buffer {
  const values = otherValues(fields, options);
  const entries = organisationCache.get(fields.organisation);
  const cached = entries?.find((entry) => entry.values.every((value, i) => value === values[i]));
  if (cached) return cached.rdns;
  const rdns = Buffer.concat(encodeOrganisationRdns(fields, options));
  if (cachedOrganisations >= 256) {
    organisationCache.clear();
    cachedOrganisations = 0;
  }
  organisationCache.set(fields.organisation, [...(organisationCache.get(fields.organisation) ?? []), { values, rdns }]);
  cachedOrganisations++;
  return rdns;
}

const otherValues = ({ country, locality, state, ev }: SubjectFields, options: { organisation: boolean; ev: boolean }): unknown[] => [
  options.organisation, options.ev, country, locality, state,
  ev?.jurisdictionCountry, ev?.jurisdictionState, ev?.jurisdictionLocality, ev?.businessCategory, ev?.registrationNumber,
];

function encodeOrganisationRdns(fields: SubjectFields, options: { organisation: boolean; ev: boolean }): Buffer[] {
  const rdns: Buffer[] = [];
  if (options.organisation) {
    if (fields.country !== undefined) rdns.push(rdn(ATTRIBUTE.C, printableString(checkCountry('country', fields.country))));
    if (fields.state !== undefined) rdns.push(rdn(ATTRIBUTE.ST, utf8String(checkText('state', fields.state, LIMITS.state))));
    if (fields.locality !== undefined) rdns.push(rdn(ATTRIBUTE.L, utf8String(checkText('locality', fields.locality, LIMITS.locality))));
    if (fields.organisation !== undefined) {
      rdns.push(rdn(ATTRIBUTE.O, utf8String(checkText('organisation', fields.organisation, LIMITS.organisation))));
    }
  }
  if (options.ev) {
    const ev = fields.ev;
    if (!ev) {
      throw invalidRequest(CaErrorCode.subjectInvalid, 'An EV certificate needs the organisation\'s EV details (jurisdiction, business category, registration number).', { field: 'ev' });
    }
    rdns.push(rdn(ATTRIBUTE.businessCategory, utf8String(checkText('businessCategory', ev.businessCategory, LIMITS.businessCategory))));
    if (ev.jurisdictionLocality !== undefined) {
      rdns.push(rdn(ATTRIBUTE.jurisdictionL, utf8String(checkText('jurisdictionLocality', ev.jurisdictionLocality, LIMITS.locality))));
    }
    if (ev.jurisdictionState !== undefined) {
      rdns.push(rdn(ATTRIBUTE.jurisdictionST, utf8String(checkText('jurisdictionState', ev.jurisdictionState, LIMITS.state))));
    }
    rdns.push(rdn(ATTRIBUTE.jurisdictionC, printableString(checkCountry('jurisdictionCountry', ev.jurisdictionCountry))));
    rdns.push(rdn(ATTRIBUTE.serialNumber, printableString(checkPrintable('registrationNumber', ev.registrationNumber, LIMITS.registrationNumber))));
  }
  return rdns;
}

function checkCountry(field: string, country: string): string {
  const upper = country.toUpperCase();
  if (!/^[A-Z]{2}$/.test(upper)) {
    throw invalidRequest(
      CaErrorCode.subjectInvalid,
      `The subject ${field} "${country}" is not a two-letter ISO 3166 code. Use e.g. "GB".`,
      { field, value: country },
    );
  }
  return upper;
}

function checkText(field: string, value: string, max: number): string {
  // Control, bidi and zero-width characters are invisible in most viewers and can spoof another subject;
  // the same rule refuses them at input (contracts' certificateText), this is the last line for stored values.
  if (value.trim().length === 0 || value.length > max || unsafeCharacter(value) !== undefined) {
    throw invalidRequest(
      CaErrorCode.subjectInvalid,
      `The subject ${field} must be 1 to ${max} characters without control, bidirectional or zero-width characters; got ${JSON.stringify(value)}.`,
      { field, value },
    );
  }
  return value;
}

/** PrintableString's repertoire (X.680 41.4): letters, digits, space and '()+,-./:=? */
function checkPrintable(field: string, value: string, max: number): string {
  if (!/^[A-Za-z0-9 '()+,\-./:=?]+$/.test(value) || value.length > max) {
    throw invalidRequest(
      CaErrorCode.subjectInvalid,
      `The subject ${field} must be 1 to ${max} letters, digits, spaces or '()+,-./:=?; got ${JSON.stringify(value)}.`,
      { field, value },
    );
  }
  return value;
}
