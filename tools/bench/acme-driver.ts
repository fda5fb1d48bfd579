/**
 * A lean ACME driver for the benchmark: node:crypto ES256 signatures and keep-alive sockets, so
 * that the client's own CPU stays small next to the server's. Keys and CSRs are made beforehand.
 */
import { type KeyObject, createHmac, generateKeyPairSync, sign } from 'node:crypto';
import { Agent as HttpAgent, request as httpRequest } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';

interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

const b64 = (data: Buffer | string) => Buffer.from(data).toString('base64url');

export class AcmeDriver {
  private nonces: string[] = [];
  private readonly key: KeyObject;
  private readonly jwk: Record<string, string>;
  private kid?: string;
  /** requests that got no answer in time and were sent again */
  timeouts = 0;
  private directory!: Record<string, string>;
  private readonly agent: HttpAgent | HttpsAgent;

  constructor(private readonly directoryUrl: string) {
    const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    this.key = privateKey;
    const { kty, crv, x, y } = publicKey.export({ format: 'jwk' }) as Record<string, string>;
    this.jwk = { crv, kty, x, y };
    this.agent = directoryUrl.startsWith('https:') ? new HttpsAgent({ keepAlive: true, rejectUnauthorized: false }) : new HttpAgent({ keepAlive: true });
  }

  async register(eab?: { keyId: string; hmacKey: string }): Promise<void> {
    this.directory = JSON.parse((await this.call('GET', this.directoryUrl)).body);
    const url = this.directory.newAccount;
    const payload: Record<string, unknown> = { termsOfServiceAgreed: true };
    if (eab) {
      const protectedHeader = b64(JSON.stringify({ alg: 'HS256', kid: eab.keyId, url }));
      const body = b64(JSON.stringify(this.jwk));
      const signature = b64(createHmac('sha256', Buffer.from(eab.hmacKey, 'base64url')).update(`${protectedHeader}.${body}`).digest());
      payload.externalAccountBinding = { protected: protectedHeader, payload: body, signature };
    }
    const reply = await this.post(url, payload, true);
    if (reply.status >= 300) throw new Error(`newAccount: ${reply.status} ${reply.body}`);
    this.kid = String(reply.headers.location);
  }

  /** newOrder → (challenges when pending) → finalize → (poll) → download; resolves with the PEM chain. */
  async issue(names: string[], csrDer: Buffer): Promise<string> {
    const created = await this.post(this.directory.newOrder, { identifiers: names.map((value) => ({ type: 'dns', value })) });
    if (created.status !== 201) throw new Error(`newOrder: ${created.status} ${created.body}`);
    const orderUrl = String(created.headers.location);
    let order = JSON.parse(created.body);
    if (order.status === 'pending') await AcmeDriver.oneAtATime(() => this.authorize(order.authorizations));
    const finalized
 = await this.post(order.finalize, { csr: b64(csrDer) });
    if (finalized.status >= 300) throw new Error(`finalize: ${finalized.status} ${finalized.body}`);
    order = JSON.parse(finalized.body);
    if (order.status !== 'valid') order = await this.poll(orderUrl, (o) => o.status === 'valid' || o.status === 'invalid');
    const certificate = await this.post(order.certificate, undefined);
    if (certificate.status !== 200) throw new Error(`certificate: ${certificate.status} ${certificate.body}`);
    return certificate.body;
  }

  /** Challenges one at a time across all drivers: Pebble 2.4 stops answering when its VA updates authorizations concurrently. */
  private static queue: Promise<unknown> = Promise.resolve();
  private static oneAtATime<T>(work: () => Promise<T>): Promise<T> {
    const run = AcmeDriver.queue.then(work, work);
    AcmeDriver.queue = run.catch(() => undefined);
    return run;
  }

  private async authorize(authorizations: string[]): Promise<void> {
    for (const authzUrl of authorizations) {
      const authz = JSON.parse((await this.post(authzUrl, undefined)).body);
      if (authz.status === 'valid') continue;
      const challenge = authz.challenges.find((c: { type: string }) => c.type === 'http-01') ?? authz.challenges[0];
      await this.post(challenge.url, {});
      await this.poll(authzUrl, (a) => a.status !== 'pending');
    }
  }

  close(): void {
    this.agent.destroy();
  }

  private async poll(url: string, done: (resource: { status: string }) => boolean): Promise<{ status: string; certificate?: string }> {
    for (let i = 0; i < 200; i++) {
      const reply = await this.post(url, undefined);
      const resource = JSON.parse(reply.body);
      if (done(resource)) return resource;
      await new Promise((r) => setTimeout(r, Math.min(1000, Number(reply.headers['retry-after'] ?? 0) * 1000) || 10));
    }
    throw new Error(`${url} did not settle`);
  }

  private async post(url: string, payload: unknown, useJwk = false): Promise<Reply> {
    for (let attempt = 0; ; attempt++) {
      const nonce = this.nonces.pop() ?? String((await this.call('HEAD', this.directory.newNonce)).headers['replay-nonce']);
      const header = { alg: 'ES256', nonce, url, ...(useJwk ? { jwk: this.jwk } : { kid: this.kid }) };
      const protectedHeader = b64(JSON.stringify(header));
      const body = payload === undefined ? '' : b64(JSON.stringify(payload));
      const signature = b64(sign('sha256', Buffer.from(`${protectedHeader}.${body}`), { key: this.key, dsaEncoding: 'ieee-p1363' }));
      let reply: Reply;
      try {
        reply = await this.call('POST', url, JSON.stringify({ protected: protectedHeader, payload: body, signature }));
      } catch (error) {
        // A request with no answer in 60 s is sent again (counted), twice at most.
        if (attempt >= 2) throw error;
        this.timeouts++;
        continue;
      }
      if (reply.status === 400 && reply.body.includes('badNonce') && attempt < 5) continue;
      return reply;
    }
  }

  private call(method: string, url: string, body?: string): Promise<Reply> {
    const request = url.startsWith('https:') ? httpsRequest : httpRequest;
    return new Promise((resolve, reject) => {
      const req = request(url, { method, agent: this.agent, headers: body ? { 'content-type': 'application/jose+json', 'content-length': Buffer.byteLength(body) } : {} }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const nonce = res.headers['replay-nonce'];
          if (typeof nonce === 'string') this.nonces.push(nonce);
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') });
        });
        res.on('error', reject);
      });
      req.setTimeout(60_000, () => req.destroy(new Error(`${method} ${url}: no answer in 60 s`)));
      req.on('error', reject);
      req.end(body);
    });
  }
}
