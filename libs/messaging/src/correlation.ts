import { AsyncLocalStorage } from 'node:async_hooks';

/**
 * The correlation id of the request or event being handled, carried along the async call chain so
 * that a log line or an outgoing request made anywhere inside picks it up without passing it around.
 * Set by the HTTP edge per request and by `serveRequest` per bus request (from the header).
 */
const storage = new AsyncLocalStorage<{ correlationId: string } | undefined>();

/** Runs `fn` with `correlationId` as the current one (unchanged when none is given). */
export function withCorrelationId<T>(correlationId: string | undefined, fn: () => T): T {
  return correlationId ? storage.run({ correlationId }, fn) : fn();
}

/** Runs `fn` with exactly this correlation id as the current one (none: none, whatever the caller's was). */
export function inCorrelation<T>(correlationId: string | undefined, fn: () => T): T {
  return storage.run(correlationId ? { correlationId } : undefined, fn);
}

/** The NATS header that carries it (requests and JetStream messages). */
export const CORRELATION_ID_HEADER = 'Correlation-Id';

export function currentCorrelationId(): string | undefined {
  return storage.getStore()?.correlationId;
}
