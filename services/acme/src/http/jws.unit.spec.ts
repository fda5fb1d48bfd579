import { FlattenedSign, exportJWK, generateKeyPair } from 'jose';
import { verifyEab, verifyJws } from './jws';

const url = 'http://127.0.0.1/acme/new-account';
const hmacKey = new Uint8Array(32).fill(7);

async function accountKey(alg: 'ES256' | 'ES384' | 'RS256' | 'EdDSA') {
  const { publicKey, privateKey } = await generateKeyPair(alg);
  return { jwk: await exportJWK(publicKey), privateKey, alg };
}
const eab = async (jwk: object, alg: string, key: Uint8Array, kid = 'kid-1', u = url) =>
  new FlattenedSign(new TextEncoder().encode(JSON.stringify(jwk))).setProtectedHeader({ alg, kid, url: u }).sign(key);

describe('JWS checks', () => {
  it.each(['ES256', 'ES384', 'RS256', 'EdDSA'] as const)('verifies a %s request signed with its jwk and checks the url', async (alg) => {
    const k = await accountKey(alg);
    const jws = await new FlattenedSign(new TextEncoder().encode('{"a":1}')).setProtectedHeader({ alg, jwk: k.jwk, nonce: 'n', url }).sign(k.privateKey);
    await expect(verifyJws(jws, url, async () => k.jwk, 'jwk')).resolves.toMatchObject({ payload: { a: 1 } });
    await expect(verifyJws(jws, `${url}x`, async () => k.jwk, 'jwk')).rejects.toMatchObject({ type: 'unauthorized' });
    await expect(verifyJws(jws, url, async () => k.jwk, 'kid')).rejects.toMatchObject({ type: 'malformed' });
  });

  it('refuses algorithms outside the list, with badSignatureAlgorithm', async () => {
    const jws = await new FlattenedSign(new TextEncoder().encode('{}')).setProtectedHeader({ alg: 'HS256', kid: 'x', nonce: 'n', url }).sign(hmacKey);
    await expect(verifyJws(jws, url, async () => ({ kty: 'EC' }), 'either')).rejects.toMatchObject({ type: 'badSignatureAlgorithm' });
  });

  it.each(['HS256', 'HS384', 'HS512'])('accepts an External Account Binding MAC made with %s for the signing key', async (alg) => {
    const k = await accountKey('ES256');
    await expect(verifyEab(await eab(k.jwk, alg, hmacKey), async () => hmacKey, k.jwk, url)).resolves.toBe('kid-1');
  });

  it('refuses a binding made with another HMAC key, for another key, or for another url', async () => {
    const k = await accountKey('ES256');
    const other = await accountKey('ES256');
    await expect(verifyEab(await eab(k.jwk, 'HS256', new Uint8Array(32).fill(8)), async () => hmacKey, k.jwk, url)).rejects.toMatchObject({ code: 'ACME_BINDING_MAC_INVALID' });
    await expect(verifyEab(await eab(other.jwk, 'HS256', hmacKey), async () => hmacKey, k.jwk, url)).rejects.toMatchObject({ type: 'malformed' });
    await expect(verifyEab(await eab(k.jwk, 'HS256', hmacKey, 'kid-1', `${url}/x`), async () => hmacKey, k.jwk, url)).rejects.toMatchObject({ type: 'malformed' });
  });
  // Issue 18 (7): `null` as the header, or a kid that is not a string, reached code that read their members: 500.
  it.each([
    ['null', 'null'],
    ['an array', '[]'],
    ['a number kid', JSON.stringify({ alg: 'ES256', kid: 42, nonce: 'n', url })],
    ['an object kid', JSON.stringify({ alg: 'ES256', kid: { a: 1 }, nonce: 'n', url })],
    ['a number nonce', JSON.stringify({ alg: 'ES256', kid: 'k', nonce: 7, url })],
    ['a jwk that is a string', JSON.stringify({ alg: 'ES256', jwk: 'key', nonce: 'n', url })],
    ['a null jwk', JSON.stringify({ alg: 'ES256', jwk: null, nonce: 'n', url })],
    ['no alg', JSON.stringify({ kid: 'k', nonce: 'n', url })],
  ])('refuses a protected header that is %s as malformed', async (_, header) => {
    const jws = { protected: Buffer.from(header).toString('base64url'), payload: '', signature: 'AAAA' };
    const kidKey = async (kid: string) => {
      if (typeof kid !== 'string') throw new TypeError('kid.startsWith is not a function');
      return { kty: 'EC' };
    };
    await expect(verifyJws(jws, url, kidKey, 'either')).rejects.toMatchObject({ type: 'malformed' });
    await expect(verifyEab(jws, async () => hmacKey, { kty: 'EC' }, url)).rejects.toMatchObject({ type: 'malformed' });
  });
});
