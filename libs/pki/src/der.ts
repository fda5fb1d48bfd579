/**
 * A minimal DER reader: just enough to check that a blob is exactly one TLV and to walk the
 * GeneralNames of a SAN extension byte by byte. @peculiar/x509 silently drops GeneralNames it
 * cannot represent (e.g. an otherName), and we must see every name a requester asked for.
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
