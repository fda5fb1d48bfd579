import type { EventContract, EventDataOf, RequestContract, RequestInputOf, RequestOf, ResponseOf } from '@platform/contracts';
import { DomainError } from '@platform/kernel';
import { currentCorrelationId, withCorrelationId } from './correlation';
import { consoleLogger, type MessagingLogger } from './logger';
import type { Closeable, DeliveredEvent, MessageBus, MessageHeaders, RequestOptions, ServeOptions } from './message-bus.port';
import { describeIssues, issuesOf } from './zod-issues';

/**
 * The bus seen through contracts: both sides validate with the contract's zod schema, so a
 * message that does not match its contract is caught where it is made and where it arrives.
 */

/**
 * Sends a request; a request that does not match its contract is a bug in the caller: it throws.
 * Without a correlation id in `options`, the one of the request being handled goes along.
 */
export async function sendRequest<C extends RequestContract>(
  bus: MessageBus,
  contract: C,
  payload: RequestInputOf<C>,
  options?: RequestOptions,
): Promise<ResponseOf<C>> {
  const request = contract.request.safeParse(payload);
  if (!request.success) throw new Error(`invalid ${contract.subject} request: ${describeIssues(request.error)}`);
  const inherited = options?.headers?.correlationId ? undefined : currentCorrelationId();
  const sent = inherited ? { ...options, headers: { ...options?.headers, correlationId: inherited } } : options;
  const raw = await bus.request(contract.subject, request.data, sent);
  const response = contract.response.safeParse(raw);
  if (!response.success) {
    throw new DomainError(
      'INVALID_RESPONSE',
      'internal',
      `the ${contract.subject} response does not match its contract: ${describeIssues(response.error)}`,
    );
  }
  return response.data as ResponseOf<C>;
}

export type ContractRequestHandler<C extends RequestContract> = (
  payload: RequestOf<C>,
  headers: MessageHeaders,
) => Promise<ResponseOf<C>> | ResponseOf<C>;

/**
 * Serves a request contract. An invalid request is the caller's fault (`INVALID_MESSAGE`,
 * kind `invalid`); an invalid response is ours, so it is thrown as a plain Error: the bus logs
 * it here and the caller gets `INTERNAL`.
 */
export function serveRequest<C extends RequestContract>(
  bus: MessageBus,
  contract: C,
  handler: ContractRequestHandler<C>,
  options?: ServeOptions,
): Promise<Closeable> {
  return bus.serve(
    contract.subject,
    (payload, headers) => withCorrelationId(headers.correlationId, async () => {
      const request = contract.request.safeParse(payload);
      if (!request.success) {
        throw new DomainError(
          'INVALID_MESSAGE',
          'invalid',
          `invalid ${contract.subject} request: ${describeIssues(request.error)}`,
          { issues: issuesOf(request.error) },
        );
      }
      const result = await handler(request.data as RequestOf<C>, headers);
      const response = contract.response.safeParse(result);
      if (!response.success) {
        throw new Error(`${contract.subject} handler returned an invalid response: ${describeIssues(response.error)}`);
      }
      return response.data;
    }),
    options,
  );
}

/**
 * Publishes an integration event; data that does not match its contract is a bug: it throws.
 * `headers`: the correlation id of what caused it (the stored event's), for the consumers' log lines.
 */
export async function publishEvent<C extends EventContract>(
  bus: MessageBus,
  contract: C,
  messageId: string,
  data: EventDataOf<C>,
  headers?: MessageHeaders,
): Promise<void> {
  const parsed = contract.schema.safeParse(data);
  if (!parsed.success) throw new Error(`invalid ${contract.subject} event ${messageId}: ${describeIssues(parsed.error)}`);
  await bus.publish(contract.stream, contract.subject, messageId, parsed.data, headers);
}

/** The handler's arguments, as a union per contract so `data` is typed by the contract it came with. */
export type ContractEventArgs<C> = C extends EventContract
  ? [contract: C, data: EventDataOf<C>, delivered: DeliveredEvent]
  : never;

export interface ConsumeEventsOptions<Cs extends readonly EventContract[]> {
  /** one per subscribing service: the bus keeps one cursor per (durable, stream) */
  durable: string;
  contracts: Cs;
  logger?: MessagingLogger;
}

/**
 * Consumes integration events of any number of streams: one durable per stream, all with the same
 * name. Resolving acks the event; a throw has it redelivered later, so the handler must be idempotent
 * (use `delivered.id`).
 */
export async function consumeEvents<const Cs extends readonly EventContract[]>(
  bus: MessageBus,
  options: ConsumeEventsOptions<Cs>,
  handler: (...args: ContractEventArgs<Cs[number]>) => Promise<void>,
): Promise<Closeable> {
  const logger = options.logger ?? consoleLogger;
  const byStream = new Map<string, Map<string, EventContract>>();
  for (const c of options.contracts) {
    const bySubject = byStream.get(c.stream) ?? new Map<string, EventContract>();
    if (bySubject.has(c.subject)) throw new Error(`${options.durable}: ${c.subject} is listed twice`);
    byStream.set(c.stream, bySubject.set(c.subject, c));
  }
  const opened: Closeable[] = [];
  const closeAll = async (): Promise<void> => void (await Promise.all(opened.map((c) => c.close())));
  try {
    for (const [stream, bySubject] of byStream) {
      const consumer = await bus.consume(
        { stream, durable: options.durable, subjects: [...bySubject.keys()] },
        async (delivered) => {
          const contract = bySubject.get(delivered.subject);
          if (!contract) return; // not ours (only when the server cannot filter): ack and move on
          const parsed = contract.schema.safeParse(delivered.payload);
          if (!parsed.success) {
            // Redelivering cannot make it valid, and blocking the durable on it would stop every later
            // event: log it loudly and ack it. The producer has a bug to fix.
            logger.error(
              `${options.durable}: skipping invalid ${delivered.subject} event ${delivered.id}: ${describeIssues(parsed.error)}`,
            );
            return;
          }
          await (handler as (...args: unknown[]) => Promise<void>)(contract, parsed.data, delivered);
        },
      );
      opened.push(consumer);
    }
  } catch (error) {
    await closeAll();
    throw error;
  }
  return { close: closeAll };
}
