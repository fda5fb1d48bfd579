import { type NestMiddleware } from '@nestjs/common';
import { DomainError } from '@platform/kernel';
import type { NextFunction, Request, Response } from 'express';

/** Requests with a body must say it is JSON; anything else is refused before a handler runs. */
export class JsonOnlyMiddleware implements NestMiddleware {
  use(request: Request, _response: Response, next: NextFunction): void {
    const hasBody = ['POST', 'PUT', 'PATCH'].includes(request.method);
    if (hasBody && !request.is('application/json'))
      throw new DomainError(
        'UNSUPPORTED_MEDIA_TYPE',
        'unsupported_media_type',
        `Send the body as JSON with "Content-Type: application/json" (got ${request.headers['content-type'] ?? 'none'}).`,
      );
    next();
  }
}
