/**
 * A certs-only PKCS#7 / CMS SignedData (RFC 5652, the ".p7b" bundle Windows and Java import):
 * no content, no signers, just the certificates.
 */
import { explicit, integer, oid, sequence, set, tlv } from '../asn1/der-writer';
import { decodePem } from '../pem';

export function pkcs7CertsOnly(certificatesPem: string): Buffer {
  const blocks = certificatesPem.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g) ?? [];
  const certificates = blocks.map((block) => decodePem(block, ['CERTIFICATE']));
  const signedData = sequence(
    integer(1),
    set(), // digestAlgorithms
    sequence(oid('1.2.840.113549.1.7.1')), // encapContentInfo: data, no content
    tlv(0xa0, ...certificates), // certificates [0] IMPLICIT
    set(), // signerInfos
  );
  return sequence(oid('1.2.840.113549.1.7.2'), explicit(0, signedData));
}

/** The DER of the first certificate in a PEM text. */
export const certificateDer = (pem: string): Buffer => decodePem(pem, ['CERTIFICATE']);
