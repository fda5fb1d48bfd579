import { DomainError, type ErrorShape, isDomainError } from '@platform/kernel';
import type { MessagingLogger } from './logger';

/** The errors every adapter raises the same way (the conformance suite checks the codes). */
export const noResponder = (subject: string): DomainError =>
  new DomainError('NO_RESPONDER', 'unavailable', `no service answers ${subject}: is it running?`);

export const requestTimeout = (subject: string, timeoutMs: number): DomainError =>
  new DomainError('TIMEOUT', 'unavailable', `${subject} did not answer within ${timeoutMs} ms`);

export const busClosed = (): DomainError =>
  new DomainError('BUS_CLOSED', 'unavailable', 'the message bus is closed');

/**
 * What a failed request handler sends back. A DomainError crosses as it is; anything else is a
 * bug on the serving side: it is logged there and the caller only learns "internal error",
 * so no stack trace, SQL or secret leaves the service.
 */
export function toErrorShape(error: unknown, subject: string, logger: MessagingLogger): ErrorShape {
  if (isDomainError(error)) return error.toJSON();
  logger.error(`request handler for ${subject} failed`, error);
  return { code: 'INTERNAL', kind: 'internal', message: 'internal error' };
}

/** A reply the caller cannot read is itself an internal error, never a silent `undefined`. */
export const malformedReply = (subject: string): DomainError =>
  new DomainError('INTERNAL', 'internal', `malformed reply to ${subject}`);
