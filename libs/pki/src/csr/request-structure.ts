/**
 * Walks the DER of a PKCS#10 CertificationRequest (RFC 2986) with our own reader. Going through
 * @peculiar/x509 (asn1js, asn1-schema) cost about a millisecond per request; this costs a few µs.
 *
 *   CertificationRequest ::= SEQUENCE { certificationRequestInfo, signatureAlgorithm, signature BIT STRING }
 *   CertificationRequestInfo ::= SEQUENCE { version INTEGER (0), subject Name, subjectPKInfo, attributes [0] }
 *
 * Everything that shows the bytes are not a CSR surfaces here as CSR_MALFORMED.
 */
import { decodeOid, DerError, readChildren, readTlv, type Tlv } from '../der';
import { malformed } from './csr.errors';

export interface RequestStructure {
  /** The DER of certificationRequestInfo: the bytes the signature covers. */
  signedBytes: Buffer;
  /** The DER SubjectPublicKeyInfo, as sent. */
  spki: Buffer;
  /** Every CN of the subject, in order. */
  commonNames: string[];
  /** The extnValue of the subjectAltName extension, when there is one. */
  sanValue?: Buffer;
  /** The OIDs of every extension the request asks for, in order. */
  requestedExtensions: string[];
  signatureAlgorithm: { oid: string; parameters?: Tlv };
  signature: Buffer;
}

const SEQUENCE = 0x30;
const SET = 0x31;
const OID = 0x06;
const INTEGER = 0x02;
const BIT_STRING = 0x03;
const OCTET_STRING = 0x04;
const BOOLEAN = 0x01;
const ATTRIBUTES = 0xa0;

const OID_COMMON_NAME = '2.5.4.3';
const OID_EXTENSION_REQUEST = '1.2.840.113549.1.9.14';
const OID_SUBJECT_ALT_NAME = '2.5.29.17';

export function readRequestStructure(der: Buffer): RequestStructure {
  let outer: Tlv;
  try {
    outer = readTlv(der);
  } catch (e) {
    if (e instanceof DerError) throw malformed(`its DER encoding is broken (${e.message}); the data looks truncated`);
    throw e;
  }
  if (outer.tag !== SEQUENCE) throw malformed('it does not start with a DER SEQUENCE');
  if (outer.end !== der.length) throw malformed(`it has ${der.length - outer.end} unexpected bytes after the request`);
  try {
    return readRequest(outer.value);
  } catch (e) {
    if (e instanceof DerError) throw malformed(`it is not a PKCS#10 certification request (${e.message})`);
    throw e;
  }
}

function readRequest(contents: Buffer): RequestStructure {
  const [info, algorithm, signature] = fields(contents, 'CertificationRequest', [SEQUENCE, SEQUENCE, BIT_STRING]);
  const [version, subject, spki, attributes] = fields(info.value, 'CertificationRequestInfo', [INTEGER, SEQUENCE, SEQUENCE, ATTRIBUTES], 3);
  if (version.value.length !== 1 || version.value[0] !== 0) {
    throw malformed(`its version is not 0 (v1), the only version PKCS#10 defines (the INTEGER is 0x${version.value.toString('hex')})`);
  }
  const names = commonNames(subject.value);
  checkSpki(spki.value);
  // Tools that leave out the empty [0] field were accepted before, so they still are.
  const extensions = attributes ? extensionsRequested(attributes.value) : [];
  const sans = extensions.filter((extension) => extension.oid === OID_SUBJECT_ALT_NAME);
  if (sans.length > 1) throw malformed('it has more than one subjectAltName extension');
  const [algorithmOid, parameters] = fields(algorithm.value, 'AlgorithmIdentifier', [OID, undefined], 1);
  // A BIT STRING starts with its count of unused bits, which is 0 for a signature.
  if (signature.value.length < 2 || signature.value[0] !== 0) throw new DerError('the signature BIT STRING is not whole octets');
  return {
    signedBytes: contents.subarray(0, info.end),
    spki: info.value.subarray(subject.end, spki.end),
    commonNames: names,
    sanValue: sans[0]?.value,
    requestedExtensions: extensions.map((extension) => extension.oid),
    signatureAlgorithm: { oid: decodeOid(algorithmOid.value), parameters },
    signature: signature.value.subarray(1),
  };
}

/** The fields of a constructed value: `min` to `tags.length` of them, each with its tag (undefined: any tag). */
function fields(contents: Buffer, what: string, tags: (number | undefined)[], min = tags.length): Tlv[] {
  const found = readChildren(contents);
  if (found.length < min || found.length > tags.length) throw new DerError(`${what} has ${found.length} fields`);
  found.forEach((field, i) => {
    if (tags[i] !== undefined && field.tag !== tags[i]) throw new DerError(`${what} field ${i + 1} has tag 0x${field.tag.toString(16)}`);
  });
  return found;
}

function commonNames(name: Buffer): string[] {
  const names: string[] = [];
  for (const rdn of readChildren(name)) {
    if (rdn.tag !== SET) throw new DerError('the subject is not a sequence of RDN sets');
    for (const attribute of readChildren(rdn.value)) {
      if (attribute.tag !== SEQUENCE) throw new DerError('a subject attribute is not a SEQUENCE');
      const [type, value] = fields(attribute.value, 'AttributeTypeAndValue', [OID, undefined]);
      if (decodeOid(type.value) === OID_COMMON_NAME) names.push(directoryString(value, attribute.value.subarray(type.end)));
    }
  }
  return names;
}

/** Decodes a CN value of any string type; anything else shows as the hex of its TLV, as @peculiar/x509 did. */
function directoryString(value: Tlv, encoded: Buffer): string {
  switch (value.tag) {
    case 0x0c: // UTF8String
      return value.value.toString('utf8');
    case 0x13: // PrintableString
    case 0x14: // TeletexString: read as Latin-1, as asn1js did
    case 0x16: // IA5String
      return value.value.toString('latin1');
    case 0x1e: // BMPString: UCS-2, big-endian
      if (value.value.length % 2 !== 0) throw new DerError('a BMPString has an odd length');
      return Buffer.from(value.value).swap16().toString('utf16le');
    case 0x1c: // UniversalString: UCS-4, big-endian
      return ucs4(value.value);
    default:
      return encoded.toString('hex');
  }
}

function ucs4(bytes: Buffer): string {
  if (bytes.length % 4 !== 0) throw new DerError('a UniversalString has a length not a multiple of 4');
  let text = '';
  for (let i = 0; i < bytes.length; i += 4) {
    const codePoint = bytes.readUInt32BE(i);
    if (codePoint > 0x10ffff) throw new DerError('a UniversalString holds a value beyond Unicode');
    text += String.fromCodePoint(codePoint);
  }
  return text;
}

interface Extension {
  oid: string;
  value: Buffer;
}

function extensionsRequested(attributes: Buffer): Extension[] {
  let extensions: Extension[] = [];
  let seen = 0;
  for (const attribute of readChildren(attributes)) {
    if (attribute.tag !== SEQUENCE) throw new DerError('an attribute is not a SEQUENCE');
    const [type, values] = fields(attribute.value, 'Attribute', [OID, SET]);
    if (decodeOid(type.value) !== OID_EXTENSION_REQUEST) continue;
    if (++seen > 1) throw malformed('it has more than one extensionRequest attribute');
    const [first, ...more] = readChildren(values.value);
    // A second value would be a second, unseen list of requested extensions.
    if (more.length > 0) throw malformed('its extensionRequest attribute holds more than one list of extensions');
    if (first) extensions = readExtensions(first);
  }
  return extensions;
}

/** Extension ::= SEQUENCE { extnID OID, critical BOOLEAN DEFAULT FALSE, extnValue OCTET STRING } */
function readExtensions(list: Tlv): Extension[] {
  if (list.tag !== SEQUENCE) throw new DerError('the extensionRequest value is not a SEQUENCE');
  return readChildren(list.value).map((extension) => {
    if (extension.tag !== SEQUENCE) throw new DerError('an extension is not a SEQUENCE');
    const found = fields(extension.value, 'Extension', [OID, undefined, undefined], 2);
    const [critical, value] = found.length === 3 ? [found[1], found[2]] : [undefined, found[1]];
    if (critical && critical.tag !== BOOLEAN) throw new DerError('an extension has a critical flag that is not a BOOLEAN');
    if (value.tag !== OCTET_STRING) throw new DerError('an extension value is not an OCTET STRING');
    return { oid: decodeOid(found[0].value), value: value.value };
  });
}

/** SubjectPublicKeyInfo ::= SEQUENCE { algorithm AlgorithmIdentifier, subjectPublicKey BIT STRING }; OpenSSL reads the rest. */
function checkSpki(spki: Buffer): void {
  const [algorithm] = fields(spki, 'SubjectPublicKeyInfo', [SEQUENCE, BIT_STRING]);
  fields(algorithm.value, 'AlgorithmIdentifier', [OID, undefined], 1);
}
