import { type NestMiddleware } from '@nestjs/common';
import { DomainError } from '@platform/kernel';
import type { NextFunction, Request, Response } from 'express';

/**
 * Requests with a body must say it is JSON; anything else is refused before a handler runs. A POST
 * without a body (no Content-Length, or 0, and no Transfer-Encoding) has nothing to describe: the
 * operations whose body is optional (revoke, IdP invitation, operator assertions) take it as "{}",
 * and the others refuse it through their body schema with the field that is missing.
 */
export class JsonOnlyMiddleware implements NestMiddleware {
  use(request: Request, _response: Response, next: NextFunction): void {
    const mayHaveBody = ['POST', 'PUT', 'PATCH'].includes(request.method);
    if (mayHaveBody && hasBody(request) && !request.is('application/json'))
      throw new DomainError(
        'UNSUPPORTED_MEDIA_TYPE',
        'unsupported_media_type',
        `Send the body as JSON with "Content-Type: application/json" (got ${request.headers['content-type'] ?? 'none'}).`,
      );
    next();
  }
}

const hasBody = (request: Request): boolean =>
  request.headers['transfer-encoding'] !== undefined || Number(request.headers['content-length'] ?? 0) !== 0;
