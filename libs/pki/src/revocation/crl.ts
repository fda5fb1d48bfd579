/**
 * X.509 v2 CRLs (RFC 5280 5), encoded directly and signed by the issuing CA. Entries with reason
 * "unspecified" carry no reasonCode extension, as the Baseline Requirements (7.2.2) ask.
 */
import { bitString, enumerated, explicit, integer, sequence, tlv, unsignedInteger, x509Time } from '../asn1/der-writer';
import type { IssuingCa } from '../ca/issuing-ca';
import { extension } from '../ca/profiles';
import { reasonCode } from './reasons';

export interface CrlEntry {
  /** lower-case hex, as in the certificate */
  serialNumber: string;
  revokedAt: Date;
  reason: string;
}

export interface CrlContent {
  /** monotonically increasing per issuing CA (RFC 5280 5.2.3) */
  number: number;
  thisUpdate: Date;
  nextUpdate: Date;
  /** entries, or entries already encoded by encodeCrlEntry (a caller that keeps them need not encode them again) */
  entries: readonly (CrlEntry | Buffer)[];
}

const OID = { authorityKeyId: '2.5.29.35', crlNumber: '2.5.29.20', reasonCode: '2.5.29.21' };

const serialInteger = (hex: string): Buffer => unsignedInteger(Buffer.from(hex.length % 2 ? `0${hex}` : hex, 'hex'));

/** crlEntryExtensions holding the reasonCode, by reason: a handful of values, encoded once each. */
const reasonExtensions = new Map<string, Buffer | undefined>();

function reasonExtension(reason: string): Buffer | undefined {
  if (!reasonExtensions.has(reason)) {
    const code = reasonCode(reason);
    reasonExtensions.set(reason, code ? sequence(extension(OID.reasonCode, false, enumerated(code))) : undefined);
  }
  return reasonExtensions.get(reason);
}

/** One revokedCertificates entry, DER: a few microseconds, but 100,000 of them add up, so callers may keep them. */
export function encodeCrlEntry(entry: CrlEntry): Buffer {
  const extensions = reasonExtension(entry.reason);
  const serial = serialInteger(entry.serialNumber);
  const time = x509Time(entry.revokedAt);
  return extensions ? sequence(serial, time, extensions) : sequence(serial, time);
}

export async function signCrl(issuer: IssuingCa, crl: CrlContent): Promise<Buffer> {
  const entries = crl.entries.map((entry) => (Buffer.isBuffer(entry) ? entry : encodeCrlEntry(entry)));
  const tbs = sequence(
    integer(1), // v2
    issuer.signatureAlgorithm,
    issuer.subjectDer,
    x509Time(crl.thisUpdate),
    x509Time(crl.nextUpdate),
    // One concatenation, not sequence(...entries): spreading 100,000 arguments overflows the stack.
    ...(entries.length > 0 ? [sequence(Buffer.concat(entries))] : []),
    explicit(
      0,
      sequence(
        extension(OID.authorityKeyId, false, sequence(tlv(0x80, issuer.keyId))),
        extension(OID.crlNumber, false, integer(crl.number)),
      ),
    ),
  );
  return sequence(tbs, issuer.signatureAlgorithm, bitString(await issuer.sign(tbs)));
}
