import { type NestMiddleware } from '@nestjs/common';
import { DomainError, findUnsafeString, unsafeStringReason } from '@platform/kernel';
import type { NextFunction, Request, Response } from 'express';

/**
 * Every JSON body field, query parameter and path segment is refused when it holds a string no
 * store can keep (a NUL or a lone surrogate), before any guard or handler sees it: such a value would
 * otherwise become an event that some read model or database cannot take. One check for every route.
 */
export class SafeStringsMiddleware implements NestMiddleware {
  use(request: Request, _response: Response, next: NextFunction): void {
    // originalUrl: inside a mounted middleware `path` is relative to the mount point.
    const path = (request.originalUrl ?? request.url).split('?')[0];
    const segment = path.split('/').map(decoded).find((s) => s !== undefined && unsafeStringReason(s));
    if (segment !== undefined) refuse('path', JSON.stringify(segment).slice(1, -1), unsafeStringReason(segment)!);
    const raw = (request.originalUrl ?? request.url).split('?')[1];
    const undecodable = raw?.split('&').find((pair) => pair.split('=').some((part) => decoded(part.replace(/\+/g, ' ')) === undefined));
    // The query parser keeps such a value as its raw text, which a handler would then take at face value.
    if (undecodable !== undefined) refuse('query', undecodable.split('=')[0].slice(0, 64), 'is not valid percent-encoded UTF-8');
    const query = findUnsafeString(request.query);
    if (query) refuse('query', query.path, query.reason);
    const body = findUnsafeString(request.body);
    if (body) refuse('body', body.path, body.reason);
    next();
  }
}

/** A path segment as the router will see it; one that does not decode is left to the router. */
function decoded(segment: string): string | undefined {
  try {
    return decodeURIComponent(segment);
  } catch {
    return undefined;
  }
}

function refuse(where: 'path' | 'query' | 'body', path: string, reason: string): never {
  const what = { path: `The path segment "${path}"`, query: `The query parameter ${path}`, body: `The body field ${path}` }[where];
  const message = `${what} ${reason}. Send UTF-8 text without NUL characters or lone surrogates.`;
  throw new DomainError('INVALID_STRING', 'invalid', message, { errors: [{ in: where, path, message }] });
}
