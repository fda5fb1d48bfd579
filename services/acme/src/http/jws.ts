import { type FlattenedJWSInput, type JWK, type KeyLike, base64url, calculateJwkThumbprint, flattenedVerify, importJWK } from 'jose';
import { AcmeProblem, malformed } from './acme-problem';

/** Account key algorithms (RFC 8555 §6.2 asks for ES256 and EdDSA; RS256 is what most clients use). */
export const ACCOUNT_ALGORITHMS = ['ES256', 'ES384', 'RS256', 'EdDSA'];
export const EAB_ALGORITHMS = ['HS256', 'HS384', 'HS512'];

export interface ProtectedHeader {
  alg: string;
  nonce?: string;
  url?: string;
  jwk?: JWK;
  kid?: string;
}

export interface VerifiedJws {
  header: ProtectedHeader;
  /** undefined for POST-as-GET (empty payload) */
  payload: unknown;
  /** the verified key: the account's (kid) or the one in the header (jwk) */
  jwk: JWK;
}

export function parseFlattened(body: unknown): FlattenedJWSInput & { protected: string } {
  const jws = body as Partial<FlattenedJWSInput>;
  if (!jws || typeof jws !== 'object' || typeof jws.protected !== 'string' || typeof jws.payload !== 'string' || typeof jws.signature !== 'string')
    throw malformed('The body must be a flattened JWS: {"protected", "payload", "signature"} (RFC 8555 §6.2).');
  return jws as FlattenedJWSInput & { protected: string };
}

export function decodeHeader(jws: { protected: string }): ProtectedHeader {
  let header: unknown;
  try {
    header = JSON.parse(new TextDecoder().decode(base64url.decode(jws.protected)));
  } catch {
    throw malformed('The JWS protected header is not base64url-encoded JSON.');
  }
  // Valid JSON is not yet a header: `null`, an array or a number `kid` would reach code that reads its members.
  if (!isObject(header)) throw malformed('The JWS protected header must be a JSON object (RFC 7515 §4).');
  for (const member of ['alg', 'nonce', 'url', 'kid'] as const)
    if (member in header && typeof header[member] !== 'string') throw malformed(`The JWS protected header's "${member}" must be a string.`);
  if (typeof header.alg !== 'string') throw malformed('The JWS protected header has no "alg".');
  if ('jwk' in header && !isObject(header.jwk)) throw malformed('The JWS protected header\'s "jwk" must be a JSON Web Key object.');
  return header as unknown as ProtectedHeader;
}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * Verifies an ACME request's JWS: an allowed algorithm, exactly one of `jwk`/`kid`, the `url`
 * header equal to the URL requested. `accountKey(kid)` gives the JWK of the account a kid names.
 */
export async function verifyJws(body: unknown, requestUrl: string, accountKey: (kid: string) => Promise<JWK>, mode: 'jwk' | 'kid' | 'either'): Promise<VerifiedJws> {
  const jws = parseFlattened(body);
  const header = decodeHeader(jws);
  if (!ACCOUNT_ALGORITHMS.includes(header.alg))
    throw new AcmeProblem('badSignatureAlgorithm', `JWS algorithm "${header.alg}" is not accepted; use one of ${ACCOUNT_ALGORITHMS.join(', ')}.`, 400, undefined, {
      algorithms: ACCOUNT_ALGORITHMS,
    });
  if (header.url !== requestUrl) throw new AcmeProblem('unauthorized', `The JWS "url" header must be the URL requested (${requestUrl}).`, 401);
  if ((header.jwk === undefined) === (header.kid === undefined)) throw malformed('The JWS protected header must carry exactly one of "jwk" and "kid".');
  if (mode === 'jwk' && !header.jwk) throw malformed('This request must be signed with the key itself ("jwk" header), not an account "kid".');
  if (mode === 'kid' && !header.kid) throw malformed('This request must be signed by an account: put its URL in the "kid" header.');
  const jwk = header.jwk ?? (await accountKey(header.kid!));
  const key = await importKey(jwk, header.alg);
  try {
    const { payload } = await flattenedVerify(jws, key, { algorithms: ACCOUNT_ALGORITHMS });
    const text = new TextDecoder().decode(payload);
    return { header, jwk: publicOnly(jwk), payload: text === '' ? undefined : JSON.parse(text) };
  } catch (error) {
    if (error instanceof SyntaxError) throw malformed('The JWS payload is not JSON.');
    throw malformed('The JWS signature does not verify with this key.');
  }
}

/** Verifies the inner JWS of an External Account Binding (RFC 8555 §7.3.4) against the binding's HMAC key. */
export async function verifyEab(eab: unknown, hmacKey: (kid: string) => Promise<Uint8Array>, accountJwk: JWK, newAccountUrl: string): Promise<string> {
  const jws = parseFlattened(eab);
  const header = decodeHeader(jws);
  if (!EAB_ALGORITHMS.includes(header.alg)) throw malformed(`externalAccountBinding must be signed with ${EAB_ALGORITHMS.join(', ')}.`);
  if (typeof header.kid !== 'string' || header.kid === '') throw malformed('externalAccountBinding has no "kid": give the key id the portal showed.');
  if (header.url !== newAccountUrl) throw malformed(`externalAccountBinding "url" must be ${newAccountUrl}.`);
  if (header.nonce !== undefined) throw malformed('externalAccountBinding must not carry a nonce.');
  const key = await hmacKey(header.kid);
  let payload: Uint8Array;
  try {
    ({ payload } = await flattenedVerify(jws, key, { algorithms: EAB_ALGORITHMS }));
  } catch {
    throw new AcmeProblem(
      'unauthorized',
      'The External Account Binding MAC does not verify: the HMAC key does not belong to this key id. Copy both exactly as the portal showed them (the HMAC key is base64url).',
      401,
      'ACME_BINDING_MAC_INVALID',
    );
  }
  let inner: JWK;
  try {
    inner = JSON.parse(new TextDecoder().decode(payload)) as JWK;
  } catch {
    throw malformed('The externalAccountBinding payload must be the account key as a JWK.');
  }
  if ((await thumbprint(inner).catch(() => '')) !== (await thumbprint(accountJwk)))
    throw malformed('The externalAccountBinding payload must be the same key as the one that signs newAccount.');
  return header.kid;
}

/** Imported account keys, by alg and JWK: importing costs more than verifying, and accounts sign many requests. */
const imported = new Map<string, KeyLike | Uint8Array>();

async function importKey(jwk: JWK, alg: string): Promise<KeyLike | Uint8Array> {
  const id = `${alg} ${JSON.stringify(publicOnly(jwk))}`;
  const cached = imported.get(id);
  if (cached) return cached;
  try {
    const key = await importJWK(publicOnly(jwk), alg);
    if (imported.size >= 10_000) imported.clear();
    imported.set(id, key);
    return key;
  } catch {
    throw new AcmeProblem('badPublicKey', 'The JWS key is not a usable public key for its algorithm.');
  }
}

export const thumbprint = (jwk: JWK) => calculateJwkThumbprint(jwk, 'sha256');

/** Keeps only the public members of a JWK, whatever a client sent. */
export function publicOnly(jwk: JWK): JWK {
  const { kty, crv, x, y, n, e } = jwk;
  return Object.fromEntries(Object.entries({ kty, crv, x, y, n, e }).filter(([, v]) => v !== undefined)) as unknown as JWK;
}
