import { type ArgumentsHost, Catch, type ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import { DomainError, type ErrorKind } from '@platform/kernel';
import type { Request, Response } from 'express';

const STATUS: Record<ErrorKind, number> = {
  invalid: 400,
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  unsupported_media_type: 415,
  rate_limited: 429,
  unprocessable: 422,
  internal: 500,
  unavailable: 503,
};

const TITLE: Record<number, string> = {
  400: 'Bad request',
  401: 'Not signed in',
  403: 'Forbidden',
  404: 'Not found',
  405: 'Method not allowed',
  409: 'Conflict',
  413: 'Request too large',
  415: 'Unsupported media type',
  422: 'Request refused',
  429: 'Too many requests',
  500: 'Internal error',
  503: 'Service unavailable',
};

/** Framework-level HTTP errors get stable codes too. */
const HTTP_CODE: Record<number, string> = {
  400: 'BAD_REQUEST',
  404: 'NOT_FOUND',
  405: 'METHOD_NOT_ALLOWED',
  413: 'PAYLOAD_TOO_LARGE',
  415: 'UNSUPPORTED_MEDIA_TYPE',
  429: 'RATE_LIMITED',
};

export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  code: string;
  instance: string;
  [extension: string]: unknown;
}

/** Every error leaves the gateway as RFC 9457 problem+json with a stable `code`. */
@Catch()
export class ProblemFilter implements ExceptionFilter {
  private readonly logger = new Logger('ProblemFilter');

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const request = http.getRequest<Request>();
    const response = http.getResponse<Response>();
    const problem = this.toProblem(exception, request);
    if (problem.status === 429 && typeof problem.retryAfterSeconds === 'number') response.setHeader('Retry-After', String(problem.retryAfterSeconds));
    response.status(problem.status).type('application/problem+json').send(JSON.stringify(problem));
  }

  private toProblem(exception: unknown, request: Request): Problem {
    const instance = request.originalUrl ?? request.url;
    const make = (status: number, code: string, detail: string, details?: Record<string, unknown>): Problem => ({
      type: `urn:cert-platform:problem:${code}`,
      title: TITLE[status] ?? 'Error',
      status,
      detail,
      code,
      instance,
      ...(details ?? {}),
    });
    if (exception instanceof DomainError) {
      if (exception.kind === 'internal') return make(500, 'INTERNAL', 'Something went wrong on our side; it has been logged.');
      return make(STATUS[exception.kind], exception.code, exception.message, exception.details);
    }
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      // Nest turns body-parser's SyntaxError into a 400 with JSON.parse's message.
      if (status === 400 && /JSON/.test(exception.message))
        return make(400, 'MALFORMED_JSON', 'The request body is not valid JSON.');
      return make(status, HTTP_CODE[status] ?? `HTTP_${status}`, exception.message);
    }
    // Other body-parser errors (too large, bad charset) carry a status of their own.
    const status = (exception as { status?: number })?.status;
    if (typeof status === 'number' && status >= 400 && status < 500)
      return make(status, HTTP_CODE[status] ?? `HTTP_${status}`, String((exception as Error).message));
    this.logger.error(`unhandled error on ${request.method} ${instance}`, exception as Error);
    return make(500, 'INTERNAL', 'Something went wrong on our side; it has been logged.');
  }
}
