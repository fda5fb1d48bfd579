import { DomainError, type ErrorShape } from '@platform/kernel';
import { connect, ErrorCode, headers as natsHeaders, type KV, type Msg, type MsgHdrs, type NatsConnection, type Subscription } from 'nats';
import { busClosed, malformedReply, noResponder, requestTimeout, toErrorShape } from './bus-errors';
import { CORRELATION_ID_HEADER, withCorrelationId } from './correlation';
import { consoleLogger, type MessagingLogger } from './logger';
import type {
  Closeable,
  ConsumeOptions,
  EventConsumer,
  MessageBus,
  MessageHeaders,
  RequestHandler,
  RequestOptions,
  ServeOptions,
} from './message-bus.port';
import { JetStreamDurable } from './nats/jetstream-durable';
import { JetStreamSetup } from './nats/jetstream-setup';
import { decodeJson, encodeJson } from './nats/json-codec';
import { assertClaimKey, assertConsumeOptions, assertStreamSubject } from './subjects';

const EMPTY = new Uint8Array(0);

export interface NatsBusOptions {
  /** comma-separated, e.g. `nats://127.0.0.1:4222` */
  servers: string;
  /** the connection name shown by the server: the service name */
  name: string;
  /** default 5000 */
  requestTimeoutMs?: number;
  /** deliveries of a failing event before it is given up (logged as an error); default 20 */
  maxDeliver?: number;
  /** nak delay before redelivering a failed event; default 1 s doubling up to 60 s */
  retryBackoffMs?: (deliveryCount: number) => number;
  /** JetStream dedup window of streams created here; default 2 min */
  duplicateWindowMs?: number;
  /** default 30 s */
  ackWaitMs?: number;
  /** unacked events per durable; 1 (default) delivers in order, more trades order for throughput */
  maxAckPending?: number;
  logger?: MessagingLogger;
}

/** What a reply carries: the handler's value, or its error as an ErrorShape. */
type Reply = { ok: true; value?: unknown } | { ok: false; error: ErrorShape };

const CORRELATION_ID = CORRELATION_ID_HEADER;

/**
 * The bus over NATS: core request/reply (queue groups share the load) for commands and queries,
 * JetStream for integration events (streams created on first use, dedup by Nats-Msg-Id, durable
 * pull consumers with explicit acks).
 */
export class NatsBus implements MessageBus {
  private readonly servers = new Set<Closeable>();
  private readonly durables = new Set<JetStreamDurable>();
  private readonly setup: JetStreamSetup;
  private connected = true;
  private closing = false;

  private constructor(
    private readonly nc: NatsConnection,
    private readonly options: NatsBusOptions,
    private readonly logger: MessagingLogger,
  ) {
    this.setup = new JetStreamSetup(nc, {
      duplicateWindowMs: options.duplicateWindowMs ?? 120_000,
      ackWaitMs: options.ackWaitMs ?? 30_000,
      maxDeliver: options.maxDeliver ?? 20,
      maxAckPending: options.maxAckPending ?? 1,
    });
    void this.watchStatus();
  }

  static async connect(options: NatsBusOptions): Promise<NatsBus> {
    const nc = await connect({
      servers: options.servers.split(',').map((s) => s.trim()),
      name: options.name,
      maxReconnectAttempts: -1, // a service keeps trying; /health reports the outage meanwhile
      // Otherwise every request and its timer make an Error up front for the caller's stack (~4% of
      // the ACME edge's CPU); a failed request names its subject anyway (requestFailure).
      noAsyncTraces: true,
    });
    return new NatsBus(nc, options, options.logger ?? consoleLogger);
  }

  async request(subject: string, payload: unknown, options: RequestOptions = {}): Promise<unknown> {
    const timeoutMs = options.timeoutMs ?? this.options.requestTimeoutMs ?? 5000;
    let message: Msg;
    try {
      message = await this.nc.request(subject, encodeJson(payload), {
        timeout: timeoutMs,
        headers: toNatsHeaders(options.headers),
      });
    } catch (error) {
      throw requestFailure(error, subject, timeoutMs);
    }
    const reply = parseReply(message.data);
    if (!reply) throw malformedReply(subject);
    if (reply.ok) return reply.value;
    throw DomainError.from(reply.error);
  }

  async serve(subject: string, handler: RequestHandler, options: ServeOptions = {}): Promise<Closeable> {
    if (this.closing) throw busClosed();
    const inFlight = new Set<Promise<void>>();
    const subscription: Subscription = this.nc.subscribe(subject, {
      queue: options.queue,
      callback: (error, message) => {
        if (error) return this.logger.error(`subscription to ${subject} failed`, error);
        // The caller's correlation id holds for everything the answer logs, the bus's own error log included.
        const answering = withCorrelationId(message.headers?.get(CORRELATION_ID) || undefined, () => this.answer(subject, message, handler)).finally(
          () => inFlight.delete(answering),
        );
        inFlight.add(answering);
      },
    });
    await this.nc.flush(); // the server knows the subscription before anyone is told it is served
    const server: Closeable = {
      close: async () => {
        this.servers.delete(server);
        if (!subscription.isClosed()) await subscription.drain();
        await Promise.all(inFlight);
      },
    };
    this.servers.add(server);
    return server;
  }

  async publish(stream: string, subject: string, messageId: string, payload: unknown, headers?: MessageHeaders): Promise<void> {
    assertStreamSubject(stream, subject);
    const data = encodeJson(payload);
    await this.setup.ensureStream(stream);
    const js = this.nc.jetstream();
    try {
      await js.publish(subject, data, { msgID: messageId, headers: toNatsHeaders(headers) });
    } catch (error) {
      if ((error as { code?: string }).code !== ErrorCode.NoResponders) throw error;
      // no stream listens any more (deleted since we created it): create it again, once
      this.setup.forgetStream(stream);
      await this.setup.ensureStream(stream);
      await js.publish(subject, data, { msgID: messageId, headers: toNatsHeaders(headers) });
    }
  }

  async consume(options: ConsumeOptions, handler: EventConsumer): Promise<Closeable> {
    if (this.closing) throw busClosed();
    assertConsumeOptions(options);
    const subjects = [...options.subjects];
    const ensure = (): Promise<void> => this.setup.ensureDurable(options.stream, options.durable, subjects);
    await ensure(); // a bad configuration fails here, at the caller
    const settings = {
      maxDeliver: this.options.maxDeliver ?? 20,
      backoffMs: this.options.retryBackoffMs ?? ((n: number) => Math.min(1000 * 2 ** (n - 1), 60_000)),
      logger: this.logger,
    };
    const durable = new JetStreamDurable(this.nc.jetstream(), { ...options, subjects }, handler, settings, ensure);
    this.durables.add(durable);
    return {
      close: async () => {
        this.durables.delete(durable);
        await durable.close();
      },
    };
  }

  readonly claimsSurviveRestart = true;
  private readonly buckets = new Map<string, Promise<KV>>();

  async claimOnce(bucket: string, key: string, ttlMs: number): Promise<boolean> {
    assertClaimKey(bucket, key);
    let kv = this.buckets.get(bucket);
    if (!kv) {
      // history 1 and max age: the server forgets a claim once it has expired.
      kv = this.nc.jetstream().views.kv(bucket, { ttl: ttlMs, history: 1 });
      kv.catch(() => this.buckets.delete(bucket));
      this.buckets.set(bucket, kv);
    }
    try {
      await (await kv).create(key, EMPTY);
      return true;
    } catch (error) {
      // 10071: wrong last sequence, i.e. the key exists.
      if ((error as { api_error?: { err_code?: number } }).api_error?.err_code === 10071) return false;
      throw error;
    }
  }

  isConnected(): boolean {
    return this.connected && !this.nc.isClosed();
  }

  /** Stops consumers and servers (letting handlers in flight finish), then drains the connection. */
  async close(): Promise<void> {
    if (this.closing) return this.nc.closed().then(() => undefined);
    this.closing = true;
    await Promise.all([...this.durables].map((d) => d.close()));
    await Promise.all([...this.servers].map((s) => s.close()));
    if (!this.nc.isClosed()) await this.nc.drain();
  }

  private async answer(subject: string, message: Msg, handler: RequestHandler): Promise<void> {
    let body: Uint8Array;
    try {
      const value = await handler(decodeRequest(subject, message.data), fromNatsHeaders(message.headers));
      body = encodeJson({ ok: true, value } satisfies Reply); // a value JSON cannot carry fails here
    } catch (error) {
      body = encodeJson({ ok: false, error: toErrorShape(error, subject, this.logger) } satisfies Reply);
    }
    if (!message.reply) return;
    try {
      message.respond(body);
    } catch (error) {
      this.logger.warn(`could not answer ${subject}`, error);
    }
  }

  private async watchStatus(): Promise<void> {
    for await (const status of this.nc.status()) {
      if (status.type === 'disconnect') this.connected = false;
      if (status.type === 'reconnect') this.connected = true;
    }
  }
}

function decodeRequest(subject: string, data: Uint8Array): unknown {
  try {
    return decodeJson(data);
  } catch {
    throw new DomainError('INVALID_MESSAGE', 'invalid', `the ${subject} request is not JSON`);
  }
}

function parseReply(data: Uint8Array): Reply | undefined {
  let reply: unknown;
  try {
    reply = decodeJson(data);
  } catch {
    return undefined;
  }
  if (typeof reply !== 'object' || reply === null) return undefined;
  const r = reply as { ok?: unknown; error?: Partial<ErrorShape> };
  if (r.ok === true) return r as Reply;
  const e = r.error;
  if (r.ok === false && typeof e?.code === 'string' && typeof e.kind === 'string' && typeof e.message === 'string') {
    return r as Reply;
  }
  return undefined;
}

function requestFailure(error: unknown, subject: string, timeoutMs: number): unknown {
  switch ((error as { code?: string }).code) {
    case ErrorCode.NoResponders:
      return noResponder(subject);
    case ErrorCode.Timeout:
      return requestTimeout(subject, timeoutMs);
    case ErrorCode.ConnectionClosed:
    case ErrorCode.ConnectionDraining:
      return busClosed();
    default:
      return error;
  }
}

function toNatsHeaders(headers: MessageHeaders | undefined): MsgHdrs | undefined {
  if (!headers?.correlationId) return undefined;
  const h = natsHeaders();
  h.set(CORRELATION_ID, headers.correlationId);
  return h;
}

function fromNatsHeaders(headers: MsgHdrs | undefined): MessageHeaders {
  const correlationId = headers?.get(CORRELATION_ID);
  return correlationId ? { correlationId } : {};
}
