/**
 * Reads a subjectAltName extension value (DER GeneralNames) ourselves, because
 * @peculiar/x509 silently skips GeneralNames it cannot represent: a CSR asking for an
 * otherName would look as if it asked for nothing. Every entry is reported here.
 */
import { DerError, readChildren, readTlv } from '../der';

const GENERAL_NAME_TYPES = [
  'otherName',
  'rfc822Name',
  'dNSName',
  'x400Address',
  'directoryName',
  'ediPartyName',
  'uniformResourceIdentifier',
  'iPAddress',
  'registeredID',
] as const;

export interface SanEntry {
  type: (typeof GENERAL_NAME_TYPES)[number];
  /** Printable form when there is a natural one (names, URIs, IP addresses). */
  value?: string;
}

const CONTEXT_SPECIFIC = 0x80;
const SEQUENCE = 0x30;

/** Throws DerError when the value is not a well-formed, non-empty GeneralNames. */
export function readSubjectAltNames(extnValue: Buffer): SanEntry[] {
  const outer = readTlv(extnValue);
  if (outer.tag !== SEQUENCE || outer.end !== extnValue.length) throw new DerError('SAN is not a single SEQUENCE');
  const entries = readChildren(outer.value).map(toEntry);
  // RFC 5280: GeneralNames ::= SEQUENCE SIZE (1..MAX); an empty SAN is an encoding error.
  if (entries.length === 0) throw new DerError('SAN extension is empty');
  return entries;
}

function toEntry({ tag, value }: { tag: number; value: Buffer }): SanEntry {
  if ((tag & 0xc0) !== CONTEXT_SPECIFIC) throw new DerError('SAN entry is not a context-specific GeneralName');
  const type = GENERAL_NAME_TYPES[tag & 0x1f];
  if (!type) throw new DerError(`SAN entry has unknown GeneralName tag [${tag & 0x1f}]`);
  switch (type) {
    case 'dNSName':
    case 'rfc822Name':
    case 'uniformResourceIdentifier':
      // IA5String may only hold ASCII; decoding as UTF-8 lets the error show what was meant.
      return { type, value: value.toString('utf8') };
    case 'iPAddress':
      return { type, value: ipToString(value) };
    default:
      return { type };
  }
}

function ipToString(octets: Buffer): string {
  if (octets.length === 4) return [...octets].join('.');
  if (octets.length === 16) return (octets.toString('hex').match(/.{4}/g) ?? []).join(':');
  return octets.toString('hex');
}
