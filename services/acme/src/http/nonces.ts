import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Clock } from '@platform/kernel';
import type { MessageBus } from '@platform/messaging';
import { AcmeProblem } from './acme-problem';

const LIFETIME_MS = 60 * 60 * 1000;

/**
 * Nonces need no table to be issued: each carries its issue time and an HMAC, so any instance can
 * check it. Single use is a claim on the bus, which every instance shares (a NATS key-value bucket
 * whose entries expire with the nonce, so nothing needs pruning). Nonce uses are not domain events:
 * they stay out of the event log. Where claims live in memory (the single process), the MAC key is
 * new at every start, so a nonce from before a restart, whose use was forgotten, is refused.
 */
export class Nonces {
  private readonly key: Buffer;

  constructor(
    secret: Buffer,
    private readonly bus: MessageBus,
    private readonly clock: Clock,
  ) {
    this.key = bus.claimsSurviveRestart ? secret : createHmac('sha256', secret).update(randomBytes(32)).digest();
  }

  issue(): string {
    const body = Buffer.alloc(14);
    body.writeUIntBE(this.clock.now().getTime(), 0, 6);
    randomBytes(8).copy(body, 6);
    return Buffer.concat([body, this.mac(body)]).toString('base64url');
  }

  async consume(nonce: unknown): Promise<void> {
    if (typeof nonce !== 'string' || !/^[\w-]{20,64}$/.test(nonce)) throw badNonce('The JWS has no valid "nonce" header; get one from newNonce.');
    const raw = Buffer.from(nonce, 'base64url');
    const body = raw.subarray(0, 14);
    const mac = raw.subarray(14);
    if (raw.length !== 30 || !timingSafeEqual(mac, this.mac(body))) throw badNonce('This nonce was not issued by this server; get a fresh one from newNonce.');
    const issued = body.readUIntBE(0, 6);
    if (this.clock.now().getTime() - issued > LIFETIME_MS) throw badNonce('This nonce has expired; retry with the Replay-Nonce of this response.');
    // The claim outlives the nonce's lifetime, so a used nonce can never be accepted again.
    if (!(await this.bus.claimOnce('acme-nonces', nonce, LIFETIME_MS + 60_000)))
      throw badNonce('This nonce was used already; retry with the Replay-Nonce of this response.');
  }

  private mac(body: Buffer): Buffer {
    return createHmac('sha256', this.key).update('acme-nonce:').update(body).digest().subarray(0, 16);
  }
}

const badNonce = (detail: string) => new AcmeProblem('badNonce', detail, 400);
