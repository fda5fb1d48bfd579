/**
 * The bus between services. Two adapters with the same behaviour: NATS (request/reply for commands
 * and queries, JetStream for integration events) and in-process (the single-process mode).
 *
 * Request handlers that throw a DomainError make `request` throw the same DomainError (code, kind,
 * message, details) at the caller; any other error arrives as an `internal` DomainError without the
 * original message, so internals never leak across the bus.
 */

export interface MessageHeaders {
  correlationId?: string;
}

export interface RequestOptions {
  timeoutMs?: number;
  headers?: MessageHeaders;
}

export type RequestHandler = (payload: unknown, headers: MessageHeaders) => Promise<unknown>;

export interface ServeOptions {
  /** instances of one service share the load: one of them answers each request */
  queue?: string;
}

export interface DeliveredEvent {
  subject: string;
  /** the message id (JetStream Nats-Msg-Id): the event id, for dedup and idempotency */
  id: string;
  payload: unknown;
  /** 1 on first delivery, more on redelivery */
  deliveryCount: number;
  /** what the publisher sent along (the correlation id of what caused the event); the handler runs with it as the current one */
  headers?: MessageHeaders;
}

/** Resolves once handled; a throw means "not handled": the message is redelivered later. */
export type EventConsumer = (event: DeliveredEvent) => Promise<void>;

export interface ConsumeOptions {
  /** JetStream stream, one per bounded context (e.g. BILLING) */
  stream: string;
  /** durable consumer name: one per subscribing service and stream */
  durable: string;
  subjects: string[];
}

export interface Closeable {
  close(): Promise<void>;
}

export interface MessageBus {
  request(subject: string, payload: unknown, options?: RequestOptions): Promise<unknown>;
  serve(subject: string, handler: RequestHandler, options?: ServeOptions): Promise<Closeable>;
  /**
   * Publishes an integration event durably (JetStream): resolves once the stream has stored it.
   * A message id seen before (within the dedup window) is stored once.
   */
  publish(stream: string, subject: string, messageId: string, payload: unknown, headers?: MessageHeaders): Promise<void>;
  /** Durable consumer with explicit acknowledgement: a message is acked only after the handler resolves. */
  consume(options: ConsumeOptions, handler: EventConsumer): Promise<Closeable>;
  /**
   * Claims `key` in `bucket` for `ttlMs`: true for the first claim, false while an earlier one lives
   * (e.g. single-use tokens). NATS: a JetStream key-value bucket whose entries expire after `ttlMs`,
   * shared by every process; in-process: memory, so claims end with the process (`claimsSurviveRestart`).
   * A bucket keeps the `ttlMs` of its first use. Keys: letters, digits, `-`, `_`, `=`, `.` only.
   */
  claimOnce(bucket: string, key: string, ttlMs: number): Promise<boolean>;
  readonly claimsSurviveRestart: boolean;
  /** readiness for /health */
  isConnected(): boolean;
  close(): Promise<void>;
}

export const MESSAGE_BUS = Symbol('MESSAGE_BUS');
