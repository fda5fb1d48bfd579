import type { ConsumerMessages, JetStreamClient, JsMsg } from 'nats';
import { CORRELATION_ID_HEADER, inCorrelation } from '../correlation';
import type { MessagingLogger } from '../logger';
import type { Closeable, ConsumeOptions, EventConsumer } from '../message-bus.port';
import { matchesAny } from '../subjects';
import { decodeJson } from './json-codec';

export interface DurableSettings {
  maxDeliver: number;
  /** nak delay before delivery number `deliveryCount + 1` */
  backoffMs: (deliveryCount: number) => number;
  logger: MessagingLogger;
}

const RESUBSCRIBE_DELAY_MS = 1000;

/**
 * A pull loop on one durable JetStream consumer: each message is handled in turn, acked once the
 * handler resolves, nak'ed with a delay when it throws, and terminated (with an error log) when
 * it has failed `maxDeliver` times. The loop survives server restarts and deleted consumers.
 */
export class JetStreamDurable implements Closeable {
  private closing = false;
  private messages: ConsumerMessages | undefined;
  private wakeUp: (() => void) | undefined;
  private readonly loop: Promise<void>;

  constructor(
    private readonly js: JetStreamClient,
    private readonly options: ConsumeOptions,
    private readonly handler: EventConsumer,
    private readonly settings: DurableSettings,
    /** (re)creates the stream and the durable: called before subscribing again after a failure */
    private readonly ensure: () => Promise<void>,
  ) {
    this.loop = this.run();
  }

  /** Stops pulling; resolves once the message in hand (if any) is acked or nak'ed. */
  async close(): Promise<void> {
    this.closing = true;
    this.wakeUp?.();
    await this.messages?.close();
    await this.loop;
  }

  private async run(): Promise<void> {
    const { stream, durable } = this.options;
    for (let attempt = 0; !this.closing; attempt++) {
      try {
        if (attempt > 0) await this.ensure(); // e.g. the stream was deleted and created again
        const consumer = await this.js.consumers.get(stream, durable);
        // Abort (rather than the client's default: wait for it to come back) when the durable or its
        // stream is gone, so this loop can create them again.
        this.messages = await consumer.consume({ abort_on_missing_resource: true });
        if (this.closing) break;
        for await (const message of this.messages) await this.handle(message);
      } catch (error) {
        if (this.closing) break;
        this.settings.logger.error(`${stream}/${durable}: consumer failed; subscribing again`, error);
      }
      if (!this.closing) await this.pause(RESUBSCRIBE_DELAY_MS);
    }
    await this.messages?.close();
  }

  private async handle(message: JsMsg): Promise<void> {
    if (this.closing) return message.nak(); // buffered but not ours to handle: redeliver at once
    if (!matchesAny(this.options.subjects, message.subject)) return message.ack();
    const { stream, durable } = this.options;
    const deliveryCount = message.info.deliveryCount;
    const id = message.headers?.get('Nats-Msg-Id') || `${stream}:${message.seq}`;
    let payload: unknown;
    try {
      payload = decodeJson(message.data);
    } catch (error) {
      this.settings.logger.error(`${stream}/${durable}: dropping ${message.subject} ${id}: not JSON`, error);
      return message.term();
    }
    try {
      const correlationId = message.headers?.get(CORRELATION_ID_HEADER) || undefined;
      const event = { subject: message.subject, id, payload, deliveryCount, ...(correlationId ? { headers: { correlationId } } : {}) };
      await inCorrelation(correlationId, () => this.handler(event));
      message.ack();
    } catch (error) {
      if (deliveryCount >= this.settings.maxDeliver) {
        this.settings.logger.error(`${stream}/${durable}: giving up on ${message.subject} ${id} after ${deliveryCount} deliveries`, error);
        message.term();
      } else {
        this.settings.logger.warn(`${stream}/${durable}: ${message.subject} ${id} failed (delivery ${deliveryCount}), will retry`, error);
        message.nak(this.settings.backoffMs(deliveryCount));
      }
    }
  }

  private pause(ms: number): Promise<void> {
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
