import { AsyncLocalStorage } from 'node:async_hooks';
import { inCorrelation } from '../correlation';
import type { EventConsumer } from '../message-bus.port';
import type { MessagingLogger } from '../logger';
import { matchesAny } from '../subjects';
import { type MemoryStream, parseJson, type StoredMessage } from './memory-stream';

/**
 * The durables whose handler is running up the current async call chain. `publish` does not wait
 * for them: a handler that (directly, or through a request served in this process) publishes to a
 * stream it consumes itself would otherwise wait for its own completion forever.
 */
export const handlingChain = new AsyncLocalStorage<ReadonlySet<string>>();

export interface DeliverySettings {
  maxDeliver: number;
  /** delay before delivery number `deliveryCount + 1` */
  backoffMs: (deliveryCount: number) => number;
  logger: MessagingLogger;
}

/**
 * The in-memory stand-in for a durable JetStream consumer: a cursor into one stream that outlives
 * the handler attached to it, so a durable closed and consumed again resumes after its last ack.
 * Messages are handled one at a time, in order; a failing message is retried (with backoff) before
 * the next, until it succeeds or `maxDeliver` deliveries have failed.
 */
export class MemoryDurable {
  private next = 0; // index of the next message to look at
  private deliveries = 0; // deliveries so far of message `next`
  private handler: EventConsumer | undefined;
  private pumping: Promise<void> | undefined;
  private waiters: Array<{ index: number; resolve: () => void }> = [];
  private wakeUp: (() => void) | undefined;

  constructor(
    readonly key: string,
    private readonly stream: MemoryStream,
    private subjects: string[],
    private readonly settings: DeliverySettings,
  ) {}

  get active(): boolean {
    return this.handler !== undefined;
  }

  reads(stream: MemoryStream): boolean {
    return this.stream === stream;
  }

  wants(subject: string): boolean {
    return matchesAny(this.subjects, subject);
  }

  attach(subjects: string[], handler: EventConsumer): void {
    if (this.handler) throw new Error(`durable ${this.key} is already being consumed in this process`);
    // like a JetStream filter update: the cursor stays where it is
    this.subjects = subjects;
    this.handler = handler;
    this.kick();
  }

  /**
   * Stops delivering (to `handler` only, when given: a stale handle must not detach its successor);
   * resolves once the handler in flight, if any, has returned.
   */
  async detach(handler?: EventConsumer): Promise<void> {
    if (handler && handler !== this.handler) return;
    this.handler = undefined;
    this.wakeUp?.();
    for (const w of this.waiters.splice(0)) w.resolve(); // nobody handles them now: stop waiting
    await this.pumping;
  }

  /** Resolves once the message at `index` is handled or given up, or this durable is detached. */
  handled(index: number): Promise<void> {
    if (!this.handler || this.next > index) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push({ index, resolve }));
  }

  /** Called after an append: starts the pump unless it is already running. */
  kick(): void {
    if (this.pumping || !this.handler || this.next >= this.stream.length) return;
    // Started on a later tick, so `pumping` is set before any handler runs (a handler may publish,
    // which kicks again), and outside the publisher's handling chain, which it outlives.
    this.pumping = handlingChain.exit(() => Promise.resolve().then(() => this.pump()));
    void this.pumping.finally(() => {
      this.pumping = undefined;
      this.kick(); // a message may have arrived between the last check and now
    });
  }

  private async pump(): Promise<void> {
    while (this.handler && this.next < this.stream.length) {
      const message = this.stream.at(this.next);
      if (this.wants(message.subject) && !(await this.deliver(message))) return;
      this.advance();
    }
  }

  /** false when detached before the message was handled: it stays at the cursor. */
  private async deliver(message: StoredMessage): Promise<boolean> {
    const { maxDeliver, backoffMs, logger } = this.settings;
    for (;;) {
      const handler = this.handler;
      if (!handler) return false;
      const deliveryCount = ++this.deliveries;
      const { correlationId } = message;
      const event = { subject: message.subject, id: message.id, payload: parseJson(message.json), deliveryCount, ...(correlationId ? { headers: { correlationId } } : {}) };
      try {
        await inCorrelation(correlationId, () => handlingChain.run(new Set([this.key]), async () => handler(event)));
        return true;
      } catch (error) {
        if (deliveryCount >= maxDeliver) {
          logger.error(`${this.key}: giving up on ${message.subject} ${message.id} after ${deliveryCount} deliveries`, error);
          return true;
        }
        logger.warn(`${this.key}: ${message.subject} ${message.id} failed (delivery ${deliveryCount}), will retry`, error);
        await this.sleep(backoffMs(deliveryCount));
      }
    }
  }

  private advance(): void {
    this.next++;
    this.deliveries = 0;
    const done = this.waiters.filter((w) => w.index < this.next);
    this.waiters = this.waiters.filter((w) => w.index >= this.next);
    for (const w of done) w.resolve();
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done(): void {
        clearTimeout(timer);
        resolve();
      }
      this.wakeUp = done;
    });
  }
}
