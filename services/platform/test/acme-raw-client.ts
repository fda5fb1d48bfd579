import { type JWK, type KeyLike, FlattenedSign, exportJWK, generateKeyPair } from 'jose';

export interface RawReply {
  status: number;
  headers: Headers;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  body: any;
}

/**
 * A bare ACME client on jose, for what acme-client hides: problem documents' types, headers,
 * requests signed with a certificate key, replays.
 */
export class RawAcmeClient {
  kid?: string;

  private constructor(
    readonly base: string,
    readonly key: { privateKey: KeyLike; jwk: JWK; alg: string },
  ) {}

  static async create(acmeUrl: string, alg: 'ES256' | 'ES384' | 'RS256' = 'ES256') {
    const { privateKey, publicKey } = await generateKeyPair(alg, { extractable: true });
    return new RawAcmeClient(`${acmeUrl}/acme`, { privateKey, jwk: await exportJWK(publicKey), alg });
  }

  async nonce(): Promise<string> {
    return (await fetch(`${this.base}/new-nonce`, { method: 'HEAD' })).headers.get('replay-nonce')!;
  }

  /** Registers with an External Account Binding (HS256 unless told). */
  async register(binding: { keyId: string; hmacKey: string }, alg: 'HS256' | 'HS384' | 'HS512' = 'HS256'): Promise<RawReply> {
    const url = `${this.base}/new-account`;
    const eab = await new FlattenedSign(new TextEncoder().encode(JSON.stringify(this.key.jwk)))
      .setProtectedHeader({ alg, kid: binding.keyId, url })
      .sign(Buffer.from(binding.hmacKey, 'base64url'));
    const reply = await this.post(url, { termsOfServiceAgreed: true, externalAccountBinding: eab }, { jwk: true });
    if (reply.status < 300) this.kid = reply.headers.get('location')!;
    return reply;
  }

  /**
   * Signs with the account's kid (or, with `jwk`, the key itself; `signWith` another key, e.g. a
   * certificate's); `url` goes in the JWS header and is where the request is sent, unless `to` says otherwise.
   */
  async post(
    url: string,
    payload: unknown,
    opts: { jwk?: boolean; signWith?: { privateKey: KeyLike; jwk: JWK; alg: string }; nonce?: string; to?: string } = {},
  ): Promise<RawReply> {
    const key = opts.signWith ?? this.key;
    const header = { alg: key.alg, url, nonce: opts.nonce ?? (await this.nonce()), ...(opts.jwk || opts.signWith ? { jwk: key.jwk } : { kid: this.kid }) };
    const jws = await new FlattenedSign(new TextEncoder().encode(payload === undefined ? '' : JSON.stringify(payload))).setProtectedHeader(header).sign(key.privateKey);
    const response = await fetch(opts.to ?? url, { method: 'POST', headers: { 'content-type': 'application/jose+json' }, body: JSON.stringify(jws) });
    const text = await response.text();
    const type = response.headers.get('content-type') ?? '';
    return { status: response.status, headers: response.headers, body: type.includes('json') && text ? JSON.parse(text) : text };
  }
}
