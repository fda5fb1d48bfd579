/**
 * Builders for test CSRs, made fresh on each run rather than copied in as fixtures.
 * - `opensslCsr`: the real thing, from `openssl req`, for the keys and shapes clients send.
 * - `x509Csr`: @peculiar/x509 with WebCrypto keys, in-process and fast, for odd contents
 *   (weak keys, exotic exponents, hand-picked SAN entries).
 */
import { webcrypto } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
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
export async function opensslCsr(options: { keyFile: string; cn?: string; sans?: string[]; label?: 'NEW' }): Promise<string> {
  const out = `${options.keyFile}.${Math.random().toString(36).slice(2)}.csr`;
  const subject = options.cn === undefined ? '/' : `/CN=${options.cn}`;
  const args = ['req', '-new', '-key', options.keyFile, '-subj', subject, '-utf8', '-out', out];
  if (options.sans?.length) args.push('-addext', `subjectAltName=${options.sans.join(',')}`);
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
