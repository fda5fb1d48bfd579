/**
 * A minimal DER reader: just enough to check that a blob is exactly one TLV, to walk a PKCS#10
 * request and the GeneralNames of its SAN extension byte by byte. @peculiar/x509 silently drops
 * GeneralNames it cannot represent (e.g. an otherName), and we must see every name a requester
 * asked for.
 */
export interface Tlv {
  /** The identifier octet (class, constructed bit and tag number; tags > 30 are refused). */
  tag: number;
  /** The contents octets. */
  value: Buffer;
  /** Offset just after this TLV. */
  end: number;
}

export class DerError extends Error {}

export function readTlv(buf: Buffer, offset = 0): Tlv {
  if (offset + 2 > buf.length) throw new DerError('truncated TLV header');
  const tag = buf[offset];
  if ((tag & 0x1f) === 0x1f) throw new DerError('multi-byte tags are not supported');
  let length = buf[offset + 1];
  let pos = offset + 2;
  if (length & 0x80) {
    const octets = length & 0x7f;
    // 0x80 is BER's indefinite length; more than 4 length octets cannot be a sane CSR.
    if (octets === 0 || octets > 4) throw new DerError('unsupported length encoding');
    if (pos + octets > buf.length) throw new DerError('truncated length');
    length = 0;
    for (let i = 0; i < octets; i++) length = length * 256 + buf[pos + i];
    pos += octets;
  }
  const end = pos + length;
  if (end > buf.length) throw new DerError('truncated value');
  return { tag, value: buf.subarray(pos, end), end };
}

/** Reads the children of a constructed value (e.g. the members of a SEQUENCE). */
export function readChildren(value: Buffer): Tlv[] {
  const children: Tlv[] = [];
  for (let offset = 0; offset < value.length; ) {
    const child = readTlv(value, offset);
    children.push(child);
    offset = child.end;
  }
  return children;
}

/** The dotted form of an OBJECT IDENTIFIER's contents octets, e.g. "2.5.4.3". */
export function decodeOid(contents: Buffer): string {
  if (contents.length === 0 || contents[contents.length - 1] & 0x80) throw new DerError('truncated OBJECT IDENTIFIER');
  const arcs: number[] = [];
  let arc = 0;
  let arcStart = true;
  for (const byte of contents) {
    // A leading 0x80 pads an arc, which DER forbids; past 2^53 the arc would be rounded.
    if (arcStart && byte === 0x80) throw new DerError('non-minimal OBJECT IDENTIFIER arc');
    if (arc > 2 ** 45) throw new DerError('OBJECT IDENTIFIER arc too large');
    arc = arc * 128 + (byte & 0x7f);
    arcStart = !(byte & 0x80);
    if (arcStart) {
      arcs.push(arc);
      arc = 0;
    }
  }
  const first = arcs[0] < 80 ? `${Math.floor(arcs[0] / 40)}.${arcs[0] % 40}` : `2.${arcs[0] - 80}`;
  return arcs.length === 1 ? first : `${first}.${arcs.slice(1).join('.')}`;
}
