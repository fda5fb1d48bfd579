/**
 * A subscriber certificate's DER, laid out first and then written into one buffer. What every
 * certificate of one (profile, issuing CA, key kind, public URL) shares (version, signature
 * algorithm, issuer Name, the constant extensions) is encoded once per template; per certificate
 * only the serial, validity, subject, key, SKI and SAN are written. A P-256 signature takes
 * ~25 µs; everything else in an issuance has to cost a few µs, and a tree of small Buffers
 * concatenated level by level (each byte copied once per nesting level) cost several.
 */
import { boolean, explicit, tlvSize, writeHeader, x509Time } from '../asn1/der-writer';
import { COMMON_NAME_TYPE, type LeafSubject } from './leaf-profile';
import { keyIdentifierBinary } from './key-identifier';
import { constantExtensions, GENERAL_NAME_TAG, type IssuerId, type Profile, SUBJECT_ALT_NAME_TYPE, SUBJECT_KEY_ID_HEAD } from './profiles';
import { randomSerialInto } from './serial-number';

const VERSION_3 = explicit(0, Buffer.from([0x02, 0x01, 0x02]));
const CRITICAL = boolean(true);
const SKI_SIZE = SUBJECT_KEY_ID_HEAD.length + 20;

export interface CertificateFields {
  notBefore: Date;
  notAfter: Date;
  subject: LeafSubject;
  /** the subject's SubjectPublicKeyInfo, DER, already checked against the key policy */
  spki: Buffer;
  /** DNS names or mailboxes (by the profile), checked: ASCII */
  names: readonly string[];
}

export class CertificateTemplate {
  /** signature AlgorithmIdentifier and issuer Name: they follow the serial */
  readonly #signatureAndIssuer: Buffer;
  readonly #signatureAlgorithm: Buffer;
  readonly #extensions: Buffer;
  readonly #nameTag: number;
  readonly #serial = Buffer.alloc(16);

  constructor(profile: Profile, issuer: { id: IssuerId; keyId: Buffer; subjectDer: Buffer; signatureAlgorithm: Buffer }, rsaKey: boolean, publicUrl: string | undefined) {
    this.#signatureAlgorithm = issuer.signatureAlgorithm;
    this.#signatureAndIssuer = Buffer.concat([issuer.signatureAlgorithm, issuer.subjectDer]);
    this.#extensions = constantExtensions(profile, issuer, rsaKey, publicUrl);
    this.#nameTag = GENERAL_NAME_TAG[profile.family === 'tls' ? 'dns' : 'email'];
  }

  /** The TBSCertificate under a fresh random serial; `serialNumber` is the serial in lower-case hex. */
  tbs({ notBefore, notAfter, subject, spki, names }: CertificateFields): { tbs: Buffer; serialNumber: string } {
    const serial = randomSerialInto(this.#serial);
    let serialStart = 0; // DER INTEGER: no leading zero octets, and one 0x00 when the top bit would read as a sign
    while (serialStart < 15 && serial[serialStart] === 0) serialStart++;
    const serialPad = serial[serialStart] & 0x80 ? 1 : 0;
    const serialSize = tlvSize(serialPad + 16 - serialStart);

    const from = x509Time(notBefore);
    const to = x509Time(notAfter);
    const validitySize = tlvSize(from.length + to.length);

    const { organisationRdns, commonName } = subject;
    const cnValue = commonName === undefined ? 0 : isAscii(commonName) ? commonName.length : Buffer.byteLength(commonName, 'utf8');
    const cnSequence = COMMON_NAME_TYPE.length + tlvSize(cnValue);
    const cnSize = commonName === undefined ? 0 : tlvSize(tlvSize(cnSequence));
    const subjectSize = tlvSize(organisationRdns.length + cnSize);

    let generalNames = 0;
    for (const name of names) generalNames += tlvSize(name.length); // ASCII: one byte per character
    const sanValue = tlvSize(generalNames);
    const sanCritical = subject.empty;
    const sanContents = SUBJECT_ALT_NAME_TYPE.length + (sanCritical ? CRITICAL.length : 0) + tlvSize(sanValue);
    const extensions = this.#extensions.length + SKI_SIZE + tlvSize(sanContents);

    const contents =
      VERSION_3.length + serialSize + this.#signatureAndIssuer.length + validitySize + subjectSize + spki.length + tlvSize(tlvSize(extensions));
    const out = Buffer.allocUnsafe(tlvSize(contents));

    let at = writeHeader(out, 0, 0x30, contents);
    at = put(out, at, VERSION_3);
    at = writeHeader(out, at, 0x02, serialPad + 16 - serialStart);
    const serialAt = at;
    if (serialPad) out[at++] = 0;
    for (let i = serialStart; i < 16; i++) out[at++] = serial[i];
    const serialNumber = out.toString('hex', serialAt + serialPad, at);
    at = put(out, at, this.#signatureAndIssuer);
    at = writeHeader(out, at, 0x30, from.length + to.length);
    at = put(out, at, from);
    at = put(out, at, to);
    at = writeHeader(out, at, 0x30, organisationRdns.length + cnSize);
    at = put(out, at, organisationRdns);
    if (commonName !== undefined) {
      at = writeHeader(out, at, 0x31, tlvSize(cnSequence));
      at = writeHeader(out, at, 0x30, cnSequence);
      at = put(out, at, COMMON_NAME_TYPE);
      at = writeHeader(out, at, 0x0c, cnValue);
      at = cnValue === commonName.length ? putLatin1(out, at, commonName) : at + out.write(commonName, at, 'utf8');
    }
    at = put(out, at, spki);
    at = writeHeader(out, at, 0xa3, tlvSize(extensions));
    at = writeHeader(out, at, 0x30, extensions);
    at = put(out, at, this.#extensions);
    at = put(out, at, SUBJECT_KEY_ID_HEAD);
    at = putLatin1(out, at, keyIdentifierBinary(spki));
    at = writeHeader(out, at, 0x30, sanContents);
    at = put(out, at, SUBJECT_ALT_NAME_TYPE);
    if (sanCritical) at = put(out, at, CRITICAL);
    at = writeHeader(out, at, 0x04, sanValue);
    at = writeHeader(out, at, 0x30, generalNames);
    for (const name of names) {
      at = writeHeader(out, at, this.#nameTag, name.length);
      at = putLatin1(out, at, name);
    }
    if (at !== out.length) throw new Error(`certificate layout error: wrote ${at} of ${out.length} bytes`);
    return { tbs: out, serialNumber };
  }

  /** The Certificate: TBSCertificate, signature algorithm, signature (as a BIT STRING). */
  certificate(tbs: Buffer, signature: Buffer): Buffer {
    const contents = tbs.length + this.#signatureAlgorithm.length + tlvSize(1 + signature.length);
    const out = Buffer.allocUnsafe(tlvSize(contents));
    let at = writeHeader(out, 0, 0x30, contents);
    at = put(out, at, tbs);
    at = put(out, at, this.#signatureAlgorithm);
    at = writeHeader(out, at, 0x03, 1 + signature.length);
    out[at++] = 0; // no unused bits
    put(out, at, signature);
    return out;
  }
}

/** TypedArray#set rather than Buffer#copy: no argument checks, for the dozen copies per certificate. */
function put(out: Buffer, at: number, bytes: Buffer): number {
  out.set(bytes, at);
  return at + bytes.length;
}

/** One byte per character (the low 8 bits), as Buffer's 'latin1' writes it; no call into C++ for a few dozen bytes. */
function putLatin1(out: Buffer, at: number, text: string): number {
  for (let i = 0; i < text.length; i++) out[at + i] = text.charCodeAt(i);
  return at + text.length;
}

function isAscii(text: string): boolean {
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) > 0x7f) return false;
  return true;
}
