/**
 * Reads and vets a PKCS#10 certificate signing request before anything is issued for it.
 *
 * Names: only dNSName SANs are accepted. A CSR with no subjectAltName extension but with a
 * CN that is a valid host name is accepted with that CN as its only name, because simple
 * tools (`openssl req -subj /CN=...`, many appliances) still produce such CSRs; the issued
 * certificate carries the name in a SAN all the same. When a SAN is present, a CN must be one
 * of its names.
 */
import { createHash } from 'node:crypto';
import { DerError } from '../der';
import { decodePem, encodePem, PemError } from '../pem';
import { normaliseDnsNames, type DnsNameProblem } from '../names/dns-name';
import { CsrErrorCode, OID_TLS_FEATURE, csrError, malformed, mustStapleRefused } from './csr.errors';
import { describeAcceptedKey, importSpki } from './key-policy';
import { readRequestStructure } from './request-structure';
import { signatureVerifies } from './request-signature';
import { readSubjectAltNames } from './subject-alt-names';

export interface CsrInfo {
  der: Buffer;
  /** Canonical PEM ("CERTIFICATE REQUEST", 64-column base64), whatever form came in. */
  pem: string;
  /** The subject CN, lower-cased; when present it is always one of `dnsNames`. */
  commonName?: string;
  /** Lower-cased, duplicates folded, in the order requested; 1 to MAX_DNS_NAMES entries. */
  dnsNames: string[];
  keyAlgorithm: 'RSA' | 'ECDSA';
  keyBits: number;
  curve?: 'P-256' | 'P-384';
  publicKeySpkiDer: Buffer;
  /** Lower-case hex SHA-256 of the DER SubjectPublicKeyInfo (for key-reuse and blocklist checks). */
  publicKeySha256: string;
}

export const MAX_DNS_NAMES = 100;
/** Far above any real CSR (100 long names with an RSA 4096 key stay under 30 KiB). */
const MAX_CSR_BYTES = 64 * 1024;
const PEM_LABELS = ['CERTIFICATE REQUEST', 'NEW CERTIFICATE REQUEST'];

export async function parseCsr(input: string | Buffer): Promise<CsrInfo> {
  const der = toDer(input);
  const request = readRequestStructure(der);
  // Its own copy, as before, rather than a view into `der`.
  const spki = Buffer.from(request.spki);
  const publicKey = await importSpki(spki);
  const key = describeAcceptedKey(publicKey);
  if (!signatureVerifies(request, publicKey)) {
    throw csrError(
      CsrErrorCode.signatureInvalid,
      "The CSR's signature does not verify with its own public key, so it does not prove possession " +
        'of the private key. It was probably altered after it was signed: generate it again and send it unchanged.',
    );
  }
  if (request.requestedExtensions.includes(OID_TLS_FEATURE)) throw mustStapleRefused();
  const { commonName, dnsNames } = readNames(request.commonNames, request.sanValue);
  return {
    der,
    pem: encodePem(der, 'CERTIFICATE REQUEST'),
    commonName,
    dnsNames,
    ...key,
    publicKeySpkiDer: spki,
    publicKeySha256: createHash('sha256').update(spki).digest('hex'),
  };
}

function toDer(input: string | Buffer): Buffer {
  if (input.length > MAX_CSR_BYTES) malformedThrow(`it is larger than ${MAX_CSR_BYTES} bytes`);
  // DER always starts with a SEQUENCE tag; anything else is taken to be PEM text.
  if (Buffer.isBuffer(input) && input[0] === 0x30) return Buffer.from(input);
  const text = Buffer.isBuffer(input) ? input.toString('latin1') : input;
  try {
    return decodePem(text, PEM_LABELS);
  } catch (e) {
    if (e instanceof PemError) malformedThrow(e.message);
    throw e;
  }
}

function readNames(commonNames: string[], sanValue: Buffer | undefined): { commonName?: string; dnsNames: string[] } {
  if (commonNames.length > 1) {
    throw csrError(
      CsrErrorCode.nameInvalid,
      'The CSR subject has more than one CN. Use a single CN, or none, and list every host name in subjectAltName.',
      { names: commonNames },
    );
  }
  const cn = commonNames[0];
  const requested = sanValue ? dnsNamesFromSan(sanValue) : cnAsOnlyName(cn);
  const { names, problems } = normaliseDnsNames(requested);
  if (names.length > MAX_DNS_NAMES) {
    throw csrError(
      CsrErrorCode.nameInvalid,
      `The CSR asks for ${names.length} names; at most ${MAX_DNS_NAMES} are allowed in one certificate. ` +
        'Split the names over several CSRs.',
      { count: names.length, max: MAX_DNS_NAMES },
    );
  }
  if (problems.length > 0) throw nameProblems(problems, sanValue === undefined);
  if (cn !== undefined && !names.includes(cn.toLowerCase())) {
    throw csrError(
      CsrErrorCode.cnNotInSan,
      `The CSR's CN "${cn}" is not one of its subjectAltName DNS names (${names.join(', ')}). ` +
        'Add it to subjectAltName, or leave the CN out.',
      { commonName: cn, dnsNames: names },
    );
  }
  return { commonName: cn?.toLowerCase(), dnsNames: names };
}

function dnsNamesFromSan(sanValue: Buffer): string[] {
  let entries;
  try {
    entries = readSubjectAltNames(sanValue);
  } catch (e) {
    if (e instanceof DerError) malformedThrow(`its subjectAltName extension is broken (${e.message})`);
    throw e;
  }
  const others = entries.filter((entry) => entry.type !== 'dNSName');
  if (others.length > 0) {
    const listed = others.map((o) => (o.value === undefined ? o.type : `${o.type} ${o.value}`));
    throw csrError(
      CsrErrorCode.nameInvalid,
      `The CSR asks for names of a type we do not certify: ${listed.join(', ')}. ` +
        'Only DNS names are supported: remove the other subjectAltName entries.',
      {
        names: listed,
        problems: others.map((o) => ({ name: o.value ?? o.type, reason: `is of type ${o.type}, not a DNS name` })),
      },
    );
  }
  return entries.map((entry) => entry.value ?? '');
}

function cnAsOnlyName(cn: string | undefined): string[] {
  if (cn === undefined) {
    throw csrError(
      CsrErrorCode.nameInvalid,
      'The CSR names no host: it has neither a subjectAltName extension nor a CN. ' +
        'List the host names as subjectAltName DNS entries (openssl: -addext "subjectAltName=DNS:www.example.ac.uk").',
      { names: [] },
    );
  }
  return [cn];
}

function nameProblems(problems: DnsNameProblem[], fromCn: boolean): Error {
  const shown = problems.slice(0, 5).map((p) => `"${p.name}" ${p.reason}`);
  if (problems.length > shown.length) shown.push(`and ${problems.length - shown.length} more`);
  const origin = fromCn ? 'The CSR has no subjectAltName, so its CN was taken as the host name, and it ' : 'The CSR ';
  return csrError(
    CsrErrorCode.nameInvalid,
    `${origin}asks for names that cannot be certified: ${shown.join('; ')}. Fix or remove them and send a new CSR.`,
    { names: problems.map((p) => p.name), problems },
  );
}

function malformedThrow(reason: string): never {
  throw malformed(reason);
}
