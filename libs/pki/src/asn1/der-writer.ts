/**
 * A minimal DER writer: enough to encode TBSCertificates, CRLs, OCSP responses and PKCS#7
 * bundles directly. Encoding a certificate through @peculiar/x509 costs about 5 ms (asn1js parses
 * and re-serialises every part); concatenating ready-made byte strings costs microseconds, which
 * is what lets issuance run near OpenSSL's own signing speed. Every function returns one TLV, but
 * for tlvSize and writeHeader: with them a writer lays a structure out and fills one buffer.
 */

const headerLength = (length: number): number => (length < 0x80 ? 2 : length < 0x100 ? 3 : length < 0x10000 ? 4 : 5);

/** The size of a whole TLV whose contents are `length` bytes: for writers that lay out a structure before writing it. */
export const tlvSize = (length: number): number => headerLength(length) + length;

/** Writes a TLV's tag and length at `offset` of `out`; returns where its contents start. */
export function writeHeader(out: Buffer, offset: number, tag: number, length: number): number {
  const head = headerLength(length);
  out[offset] = tag;
  if (head === 2) out[offset + 1] = length;
  else {
    out[offset + 1] = 0x80 | (head - 2);
    for (let i = offset + head - 1, n = length; i >= offset + 2; i--, n = Math.floor(n / 256)) out[i] = n & 0xff;
  }
  return offset + head;
}

/** One TLV whose contents are the concatenation of `parts`: one allocation, one copy per part. */
export function tlv(tag: number, ...parts: Buffer[]): Buffer {
  let length = 0;
  for (const part of parts) length += part.length;
  const out = Buffer.allocUnsafe(tlvSize(length));
  let offset = writeHeader(out, 0, tag, length);
  for (const part of parts) {
    part.copy(out, offset);
    offset += part.length;
  }
  return out;
}

export const sequence = (...parts: Buffer[]): Buffer => tlv(0x30, ...parts);
export const set = (...parts: Buffer[]): Buffer => tlv(0x31, ...parts);
/** [n] EXPLICIT (constructed, context-specific). */
export const explicit = (n: number, ...parts: Buffer[]): Buffer => tlv(0xa0 | n, ...parts);
/** [n] IMPLICIT over a primitive value (the contents given raw). */
export const implicitPrimitive = (n: number, contents: Buffer): Buffer => tlv(0x80 | n, contents);
export const octetString = (contents: Buffer): Buffer => tlv(0x04, contents);
export const bitString = (contents: Buffer, unusedBits = 0): Buffer => tlv(0x03, Buffer.from([unusedBits]), contents);
export const boolean = (value: boolean): Buffer => Buffer.from([0x01, 0x01, value ? 0xff : 0x00]);
export const nullValue = (): Buffer => Buffer.from([0x05, 0x00]);
export const utf8String = (value: string): Buffer => tlv(0x0c, Buffer.from(value, 'utf8'));
export const printableString = (value: string): Buffer => tlv(0x13, Buffer.from(value, 'latin1'));
export const ia5String = (value: string): Buffer => tlv(0x16, Buffer.from(value, 'latin1'));
export const enumerated = (value: number): Buffer => tlv(0x0a, smallIntegerContents(value));
export const integer = (value: number): Buffer => tlv(0x02, smallIntegerContents(value));

function smallIntegerContents(value: number): Buffer {
  const bytes: number[] = [];
  let n = value;
  do {
    bytes.unshift(n & 0xff);
    n = Math.floor(n / 256);
  } while (n > 0);
  if (bytes[0] & 0x80) bytes.unshift(0);
  return Buffer.from(bytes);
}

/** A non-negative INTEGER from big-endian magnitude bytes (leading zeros trimmed, a 0x00 added when the top bit is set). */
export function unsignedInteger(magnitude: Buffer): Buffer {
  let start = 0;
  while (start < magnitude.length - 1 && magnitude[start] === 0) start++;
  const trimmed = magnitude.subarray(start);
  return trimmed[0] & 0x80 ? tlv(0x02, Buffer.from([0]), trimmed) : tlv(0x02, trimmed);
}

const oidCache = new Map<string, Buffer>();

export function oid(dotted: string): Buffer {
  let encoded = oidCache.get(dotted);
  if (encoded) return encoded;
  const arcs = dotted.split('.').map(Number);
  const bytes: number[] = [arcs[0] * 40 + arcs[1]];
  for (const arc of arcs.slice(2)) {
    const chunk: number[] = [arc & 0x7f];
    for (let n = Math.floor(arc / 128); n > 0; n = Math.floor(n / 128)) chunk.unshift((n & 0x7f) | 0x80);
    bytes.push(...chunk);
  }
  encoded = tlv(0x06, Buffer.from(bytes));
  oidCache.set(dotted, encoded);
  return encoded;
}

const two = (n: number): string => String(n).padStart(2, '0');

/** GeneralizedTime, whole seconds, Zulu (RFC 5280 4.1.2.5.2). */
export function generalizedTime(date: Date): Buffer {
  const d = date;
  const text = `${d.getUTCFullYear()}${two(d.getUTCMonth() + 1)}${two(d.getUTCDate())}${two(d.getUTCHours())}${two(d.getUTCMinutes())}${two(d.getUTCSeconds())}Z`;
  return tlv(0x18, Buffer.from(text, 'latin1'));
}

const recentTimes = new Map<number, Buffer>();

/** RFC 5280 Time: UTCTime through 2049, GeneralizedTime from 2050. */
export function x509Time(date: Date): Buffer {
  // Certificates issued in the same second share their notBefore and notAfter: reuse the encodings.
  const at = date.getTime();
  let der = recentTimes.get(at);
  if (!der) {
    if (recentTimes.size >= 8) recentTimes.clear();
    der = encodeTime(date);
    recentTimes.set(at, der);
  }
  return der;
}

function encodeTime(date: Date): Buffer {
  const year = date.getUTCFullYear();
  if (year >= 2050) return generalizedTime(date);
  const text = `${two(year % 100)}${two(date.getUTCMonth() + 1)}${two(date.getUTCDate())}${two(date.getUTCHours())}${two(date.getUTCMinutes())}${two(date.getUTCSeconds())}Z`;
  return tlv(0x17, Buffer.from(text, 'latin1'));
}

/** ECDSA signatures come from WebCrypto-style signers as r‖s; X.509 wants SEQUENCE { r INTEGER, s INTEGER }. */
export function ecdsaSignatureToDer(p1363: Buffer): Buffer {
  const half = p1363.length / 2;
  return sequence(unsignedInteger(p1363.subarray(0, half)), unsignedInteger(p1363.subarray(half)));
}
