import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { type EventStore, WrongExpectedRevisionError } from '@platform/event-store';
import type { Clock } from '@platform/kernel';
import { AcmeProblem } from './acme-problem';

const LIFETIME_MS = 60 * 60 * 1000;

/**
 * Nonces need no table to be issued: each carries its issue time and an HMAC, so any instance can
 * check it. Single use is enforced in the service's event store, which every instance shares
 * (SQLite in the single process, PostgreSQL when distributed): the first use creates the stream
 * `acme-nonce-<nonce>`, a second use conflicts.
 */
export class Nonces {
  constructor(
    private readonly secret: Buffer,
    private readonly store: EventStore,
    private readonly clock: Clock,
  ) {}

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
    try {
      const at = this.clock.now().toISOString();
      await this.store.appendToStream(`acme-nonce-${nonce}`, [{ type: 'AcmeNonceUsed', data: {}, metadata: { correlationId: 'none', occurredAt: at } }], 'no_stream');
    } catch (error) {
      if (error instanceof WrongExpectedRevisionError) throw badNonce('This nonce was used already; retry with the Replay-Nonce of this response.');
      throw error;
    }
  }

  private mac(body: Buffer): Buffer {
    return createHmac('sha256', this.secret).update('acme-nonce:').update(body).digest().subarray(0, 16);
  }
}

const badNonce = (detail: string) => new AcmeProblem('badNonce', detail, 400);
