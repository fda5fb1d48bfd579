/** PEM armour: strict enough to tell "truncated" from "not PEM", lenient about line lengths. */
export class PemError extends Error {}

const BASE64_BODY = /^[A-Za-z0-9+/\s]*={0,2}\s*$/;

/**
 * Returns the DER inside the first block whose label is one of `labels`.
 * Throws PemError with a human reason when the armour is broken.
 */
export function decodePem(text: string, labels: readonly string[]): Buffer {
  const begin = /-----BEGIN ([A-Z0-9 ]+)-----/.exec(text);
  if (!begin) throw new PemError('no "-----BEGIN ...-----" line was found');
  const label = begin[1];
  if (!labels.includes(label)) {
    throw new PemError(`the PEM block is a "${label}", expected ${labels.map((l) => `"${l}"`).join(' or ')}`);
  }
  const bodyStart = begin.index + begin[0].length;
  const endLine = `-----END ${label}-----`;
  const bodyEnd = text.indexOf(endLine, bodyStart);
  if (bodyEnd < 0) throw new PemError(`the "${endLine}" line is missing: the PEM looks truncated`);
  const body = text.slice(bodyStart, bodyEnd);
  if (!BASE64_BODY.test(body)) throw new PemError('the PEM body is not valid base64');
  const der = Buffer.from(body.replace(/\s+/g, ''), 'base64');
  if (der.length === 0) throw new PemError('the PEM body is empty');
  return der;
}

export function encodePem(der: Uint8Array, label: string): string {
  const base64 = (Buffer.isBuffer(der) ? der : Buffer.from(der.buffer, der.byteOffset, der.byteLength)).toString('base64');
  // Sliced by hand: a /.{1,64}/g match costs several µs per certificate, a tenth of issuing one.
  let body = '';
  for (let i = 0; i < base64.length; i += 64) body += `${base64.slice(i, i + 64)}\n`;
  return `-----BEGIN ${label}-----\n${body}-----END ${label}-----\n`;
}
