/**
 * Errors are values with a stable code. `kind` decides how an edge maps it
 * (HTTP status, ACME problem type); the message says what is wrong and what to do.
 */
export type ErrorKind =
  | 'invalid' // the input is malformed (400)
  | 'unauthenticated' // no or bad credentials (401)
  | 'forbidden' // authenticated, but not allowed (403)
  | 'not_found' // absent, or outside the caller's scope (404)
  | 'conflict' // the state does not allow it (409)
  | 'unprocessable' // well-formed, but refused by a business rule (422)
  | 'unsupported_media_type' // (415)
  | 'rate_limited' // too many of these for now; `details.retryAfterSeconds` says when to try again (429)
  | 'unavailable' // a dependency did not answer (503)
  | 'internal'; // a bug: logged, shown without detail (500)

export interface ErrorShape {
  code: string;
  kind: ErrorKind;
  message: string;
  details?: Record<string, unknown>;
}

export class DomainError extends Error implements ErrorShape {
  constructor(
    readonly code: string,
    readonly kind: ErrorKind,
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = 'DomainError';
  }

  toJSON(): ErrorShape {
    return { code: this.code, kind: this.kind, message: this.message, details: this.details };
  }

  static from(shape: ErrorShape): DomainError {
    return new DomainError(shape.code, shape.kind, shape.message, shape.details);
  }
}

export const isDomainError = (e: unknown): e is DomainError => e instanceof DomainError;
