import { DomainError, type ErrorShape } from '@platform/kernel';
import { busClosed, noResponder, requestTimeout, toErrorShape } from './bus-errors';
import { type DeliverySettings, handlingChain, MemoryDurable } from './in-process/memory-durable';
import { jsonCopy, MemoryStream } from './in-process/memory-stream';
import { withCorrelationId } from './correlation';
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
import { assertClaimKey, assertConsumeOptions, assertStreamSubject, subjectMatches } from './subjects';

export interface InProcessBusOptions {
  /** default 5000 */
  requestTimeoutMs?: number;
  /** deliveries of a failing event before it is given up (logged as an error); default 10 */
  maxDeliver?: number;
  /** delay before redelivering a failed event; default 100 ms doubling up to 5 s */
  retryBackoffMs?: (deliveryCount: number) => number;
  /** message ids remembered per stream for dedup; default 10 000 */
  dedupWindow?: number;
  logger?: MessagingLogger;
}

interface Server {
  subject: string;
  queue?: string;
  handler: RequestHandler;
}

/**
 * The bus for the single-process mode, behaving like NATS where callers can tell: payloads are
 * copied through JSON, errors cross as ErrorShapes, queue groups share requests, streams dedup by
 * message id and durables resume where they stopped.
 *
 * One difference on purpose: `publish` resolves only once every durable registered for the
 * subject has handled (or given up on) the message. The relay saves its checkpoint when publish
 * resolves, and in one process the "stream" dies with the process, so this is what makes a crash
 * lose nothing.
 */
export class InProcessBus implements MessageBus {
  private readonly servers = new Set<Server>();
  private readonly roundRobin = new Map<string, number>();
  private readonly streams = new Map<string, MemoryStream>();
  private readonly durables = new Map<string, MemoryDurable>();
  private closed = false;
  private readonly requestTimeoutMs: number;
  private readonly dedupWindow: number;
  private readonly logger: MessagingLogger;
  private readonly delivery: DeliverySettings;

  constructor(options: InProcessBusOptions = {}) {
    this.requestTimeoutMs = options.requestTimeoutMs ?? 5000;
    this.dedupWindow = options.dedupWindow ?? 10_000;
    this.logger = options.logger ?? consoleLogger;
    this.delivery = {
      maxDeliver: options.maxDeliver ?? 10,
      backoffMs: options.retryBackoffMs ?? ((n) => Math.min(100 * 2 ** (n - 1), 5000)),
      logger: this.logger,
    };
  }

  async request(subject: string, payload: unknown, options: RequestOptions = {}): Promise<unknown> {
    if (this.closed) throw busClosed();
    const responders = this.pickResponders(subject);
    if (responders.length === 0) throw noResponder(subject);
    const timeoutMs = options.timeoutMs ?? this.requestTimeoutMs;
    const correlationId = options.headers?.correlationId;
    const headers: MessageHeaders = correlationId ? { correlationId } : {}; // what survives NATS headers
    // Like NATS, every non-queue subscriber and one member per queue group gets the request;
    // the first answer (a value or an error) wins.
    const answers = responders.map((s) => withCorrelationId(correlationId, () => this.answer(s, payload, headers)));
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(requestTimeout(subject, timeoutMs)), timeoutMs);
    });
    try {
      const reply = await Promise.race([...answers, timeout]);
      if (reply.ok) return reply.value;
      throw DomainError.from(reply.error);
    } finally {
      clearTimeout(timer);
    }
  }

  async serve(subject: string, handler: RequestHandler, options: ServeOptions = {}): Promise<Closeable> {
    if (this.closed) throw busClosed();
    const server: Server = { subject, queue: options.queue, handler };
    this.servers.add(server);
    this.matching.clear();
    return {
      close: async () => {
        this.servers.delete(server);
        this.matching.clear();
      },
    };
  }

  async publish(stream: string, subject: string, messageId: string, payload: unknown, headers?: MessageHeaders): Promise<void> {
    if (this.closed) throw busClosed();
    assertStreamSubject(stream, subject);
    const log = this.stream(stream);
    // A duplicate is not stored again, but the caller still learns when the original is handled.
    const message = log.at(log.duplicateOf(messageId) ?? log.append(subject, messageId, payload, headers?.correlationId).index);
    const chain = handlingChain.getStore();
    const waits: Promise<void>[] = [];
    for (const durable of this.durables.values()) {
      if (!durable.reads(log) || !durable.active) continue;
      durable.kick();
      if (durable.wants(message.subject) && !chain?.has(durable.key)) waits.push(durable.handled(message.index));
    }
    await Promise.all(waits);
  }

  async consume(options: ConsumeOptions, handler: EventConsumer): Promise<Closeable> {
    if (this.closed) throw busClosed();
    assertConsumeOptions(options);
    const key = `${options.stream}/${options.durable}`;
    let durable = this.durables.get(key);
    if (!durable) {
      durable = new MemoryDurable(key, this.stream(options.stream), options.subjects, this.delivery);
      this.durables.set(key, durable);
    }
    durable.attach([...options.subjects], handler);
    const attached = durable;
    return { close: () => attached.detach(handler) };
  }

  readonly claimsSurviveRestart = false;
  private readonly claims = new Map<string, Map<string, number>>();

  async claimOnce(bucket: string, key: string, ttlMs: number): Promise<boolean> {
    assertClaimKey(bucket, key);
    let claims = this.claims.get(bucket);
    if (!claims) this.claims.set(bucket, (claims = new Map()));
    const now = Date.now();
    const expires = claims.get(key);
    if (expires !== undefined && expires > now) return false;
    claims.delete(key); // re-inserted last: Map order is then expiry order
    claims.set(key, now + ttlMs);
    // Expired claims sit at the front: drop a few on every claim, so memory follows the live ones.
    for (const [k, e] of claims) {
      if (e > now) break;
      claims.delete(k);
    }
    return true;
  }

  isConnected(): boolean {
    return !this.closed;
  }

  async close(): Promise<void> {
    this.closed = true;
    this.servers.clear();
    await Promise.all([...this.durables.values()].map((d) => d.detach()));
  }

  private stream(name: string): MemoryStream {
    let log = this.streams.get(name);
    if (!log) {
      log = new MemoryStream(this.dedupWindow);
      this.streams.set(name, log);
    }
    return log;
  }

  /** Servers by requested subject, split as below; cleared whenever a server comes or goes. */
  private readonly matching = new Map<string, { plain: Server[]; groups: Map<string, Server[]> }>();

  private pickResponders(subject: string): Server[] {
    let match = this.matching.get(subject);
    if (!match) {
      match = { plain: [], groups: new Map() };
      for (const s of this.servers) {
        if (!subjectMatches(s.subject, subject)) continue;
        if (s.queue === undefined) match.plain.push(s);
        else match.groups.set(s.queue, [...(match.groups.get(s.queue) ?? []), s]);
      }
      if (this.matching.size >= 1000) this.matching.clear(); // subjects are a fixed set; this only bounds a misuse
      this.matching.set(subject, match);
    }
    const picked = [...match.plain];
    for (const [queue, members] of match.groups) {
      const key = `${subject} ${queue}`;
      const turn = this.roundRobin.get(key) ?? 0;
      this.roundRobin.set(key, turn + 1);
      picked.push(members[turn % members.length]);
    }
    return picked;
  }

  /** Runs a handler as if across the network: own copies in and out, errors as ErrorShapes. */
  private async answer(
    server: Server,
    payload: unknown,
    headers: MessageHeaders,
  ): Promise<{ ok: true; value: unknown } | { ok: false; error: ErrorShape }> {
    try {
      await Promise.resolve(); // never run the handler synchronously inside `request`
      const value = await server.handler(jsonCopy(payload), { ...headers });
      return { ok: true, value: jsonCopy(value) };
    } catch (error) {
      return { ok: false, error: jsonCopy(toErrorShape(error, server.subject, this.logger)) as ErrorShape };
    }
  }
}
