/**
 * Builders for test CSRs, made fresh on each run rather than copied in as fixtures.
 * - `opensslCsr`: the real thing, from `openssl req`, for the keys and shapes clients send.
 * - `x509Csr`: @peculiar/x509 with WebCrypto keys, in-process and fast, for odd contents
 *   (weak keys, exotic exponents, hand-picked SAN entries).
 */
import { generateKeyPairSync, sign, webcrypto, type KeyObject } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { bitString, explicit, integer, octetString, oid, sequence, set, tlv } from '../asn1/der-writer';
import { x509 } from '../x509';
import { openssl } from './openssl';

export type OpensslKeyKind =
  | 'rsa:2048' | 'rsa:4096' | 'rsa:1024' | 'rsa:2048:e3' | 'ec:P-256' | 'ec:P-384' | 'ec:P-521' | 'ed25519';

/** Writes a private key with `openssl genpkey` into `dir`; returns its path. */
export async function opensslKey(dir: string, kind: OpensslKeyKind): Promise<string> {
  const [type, size, exponent] = kind.split(':');
  const path = join(dir, `${kind.replace(/:/g, '-')}.key`);
  const options =
    type === 'rsa'
      ? ['-algorithm', 'RSA', '-pkeyopt', `rsa_keygen_bits:${size}`, ...(exponent ? ['-pkeyopt', 'rsa_keygen_pubexp:3'] : [])]
      : type === 'ec'
        ? ['-algorithm', 'EC', '-pkeyopt', `ec_paramgen_curve:${size}`]
        : ['-algorithm', 'ED25519'];
  const result = await openssl(['genpkey', ...options, '-out', path]);
  if (!result.ok) throw new Error(`openssl genpkey ${kind} failed: ${result.stderr}`);
  return path;
}

/** A CSR from `openssl req -new`, PEM. `sans` are openssl GeneralName strings: "DNS:a.example.com", "IP:10.0.0.1". */
export async function opensslCsr(options: {
  keyFile: string;
  cn?: string;
  sans?: string[];
  label?: 'NEW';
  /** e.g. 'sha384' (openssl's default is sha256). */
  digest?: string;
  /** `-sigopt` values, e.g. 'rsa_padding_mode:pss'. */
  sigopts?: string[];
  /** more `-addext` values, e.g. 'tlsfeature=status_request' (OCSP Must-Staple) */
  extensions?: string[];
}): Promise<string> {
  const out = `${options.keyFile}.${Math.random().toString(36).slice(2)}.csr`;
  const subject = options.cn === undefined ? '/' : `/CN=${options.cn}`;
  const args = ['req', '-new', '-key', options.keyFile, '-subj', subject, '-utf8', '-out', out];
  if (options.sans?.length) args.push('-addext', `subjectAltName=${options.sans.join(',')}`);
  for (const extension of options.extensions ?? []) args.push('-addext', extension);
  if (options.digest) args.push(`-${options.digest}`);
  for (const sigopt of options.sigopts ?? []) args.push('-sigopt', sigopt);
  const result = await openssl(args);
  if (!result.ok) throw new Error(`openssl req failed: ${result.stderr}`);
  const pem = await readFile(out, 'utf8');
  return options.label === 'NEW' ? pem.replace(/CERTIFICATE REQUEST/g, 'NEW CERTIFICATE REQUEST') : pem;
}

export type WebKeyKind = 'rsa-2048' | 'rsa-1024' | 'rsa-2048-e3' | 'ec-P-256' | 'ec-P-384' | 'ec-P-521';

const keyCache = new Map<WebKeyKind, Promise<webcrypto.CryptoKeyPair>>();

/** WebCrypto key pairs, generated once per kind per test file. */
export function webKey(kind: WebKeyKind): Promise<webcrypto.CryptoKeyPair> {
  let pair = keyCache.get(kind);
  if (!pair) {
    const [type, size, exponent] = kind.split('-');
    const algorithm =
      type === 'rsa'
        ? {
            name: 'RSASSA-PKCS1-v1_5',
            hash: 'SHA-256',
            modulusLength: Number(size),
            publicExponent: new Uint8Array(exponent === 'e3' ? [3] : [1, 0, 1]),
          }
        : { name: 'ECDSA', namedCurve: `${size}-${exponent}` };
    pair = webcrypto.subtle.generateKey(algorithm, true, ['sign', 'verify']) as Promise<webcrypto.CryptoKeyPair>;
    keyCache.set(kind, pair);
  }
  return pair;
}

/** A CSR built in-process; `sans` as dNSName values unless given as typed JSON names. */
export async function x509Csr(options: {
  key?: WebKeyKind;
  cn?: string;
  sans?: (string | x509.JsonGeneralName)[];
}): Promise<string> {
  const kind = options.key ?? 'ec-P-256';
  const keys = await webKey(kind);
  const sans = (options.sans ?? []).map((s): x509.JsonGeneralName => (typeof s === 'string' ? { type: 'dns', value: s } : s));
  const csr = await x509.Pkcs10CertificateRequestGenerator.create({
    name: options.cn === undefined ? [] : [{ CN: [options.cn] }],
    keys,
    signingAlgorithm: kind.startsWith('rsa') ? { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' } : { name: 'ECDSA', hash: 'SHA-256' },
    extensions: sans.length ? [new x509.SubjectAlternativeNameExtension(sans)] : [],
  });
  return csr.toString('pem');
}

/** Flips one bit in the last byte of a DER CSR: inside the signature value. */
export function tamperSignature(der: Buffer): Buffer {
  const copy = Buffer.from(der);
  copy[copy.length - 1] ^= 0x01;
  return copy;
}

/*
 * Hand-assembled DER CSRs, for shapes no tool will produce: a version other than 0, a CN in a
 * BMPString, a signature algorithm that does not fit the key, attributes out of the ordinary.
 */
export type DerKeyKind = 'ec-P-256' | 'rsa-2048';

const derKeys = new Map<DerKeyKind, { publicKey: KeyObject; privateKey: KeyObject }>();

function derKey(kind: DerKeyKind): { publicKey: KeyObject; privateKey: KeyObject } {
  let pair = derKeys.get(kind);
  if (!pair) {
    pair = kind === 'rsa-2048' ? generateKeyPairSync('rsa', { modulusLength: 2048 }) : generateKeyPairSync('ec', { namedCurve: 'P-256' });
    derKeys.set(kind, pair);
  }
  return pair;
}

export const OID = {
  commonName: '2.5.4.3',
  extensionRequest: '1.2.840.113549.1.9.14',
  subjectAltName: '2.5.29.17',
  sha256WithRSAEncryption: '1.2.840.113549.1.1.11',
  ecdsaWithSHA256: '1.2.840.10045.4.3.2',
} as const;

/** A string-typed attribute value: tag 0x0c UTF8String, 0x13 PrintableString, 0x1e BMPString, 0x1c UniversalString, ... */
export function directoryString(tag: number, value: string): Buffer {
  if (tag === 0x1e) return tlv(tag, Buffer.from(value, 'utf16le').swap16());
  if (tag === 0x1c) {
    const ucs4 = Buffer.alloc(4 * [...value].length);
    [...value].forEach((char, i) => ucs4.writeUInt32BE(char.codePointAt(0) ?? 0, 4 * i));
    return tlv(tag, ucs4);
  }
  return tlv(tag, Buffer.from(value, tag === 0x0c ? 'utf8' : 'latin1'));
}

/** Extension ::= SEQUENCE { extnID, extnValue OCTET STRING } holding a SAN of dNSNames. */
export const subjectAltNameExtension = (...dnsNames: string[]): Buffer =>
  sequence(oid(OID.subjectAltName), octetString(sequence(...dnsNames.map((name) => tlv(0x82, Buffer.from(name, 'latin1'))))));

/** Attribute ::= SEQUENCE { type, values SET } for an extensionRequest; each of `values` is an Extensions' contents. */
export const extensionRequest = (...values: Buffer[][]): Buffer =>
  sequence(oid(OID.extensionRequest), set(...values.map((extensions) => sequence(...extensions))));

export function derCsr(options: {
  key?: DerKeyKind;
  version?: number;
  /** One RDN per CN, each value a ready-made string TLV (see `directoryString`). */
  commonNames?: Buffer[];
  /** dNSNames for a subjectAltName in an extensionRequest; ignored when `attributes` is given. */
  sans?: string[];
  /** The Attribute TLVs of the [0] field; null leaves the field out. */
  attributes?: Buffer[] | null;
  /** The signatureAlgorithm OID; by default the one that fits the key, with SHA-256. */
  signatureAlgorithm?: string;
}): Buffer {
  const kind = options.key ?? 'ec-P-256';
  const { publicKey, privateKey } = derKey(kind);
  const subject = sequence(...(options.commonNames ?? []).map((value) => set(sequence(oid(OID.commonName), value))));
  const attributes =
    options.attributes === null
      ? []
      : [explicit(0, ...(options.attributes ?? (options.sans?.length ? [extensionRequest([subjectAltNameExtension(...options.sans)])] : [])))];
  const info = sequence(integer(options.version ?? 0), subject, publicKey.export({ type: 'spki', format: 'der' }), ...attributes);
  const algorithm = options.signatureAlgorithm ?? (kind === 'rsa-2048' ? OID.sha256WithRSAEncryption : OID.ecdsaWithSHA256);
  return sequence(info, sequence(oid(algorithm)), bitString(sign('sha256', info, privateKey)));
}
