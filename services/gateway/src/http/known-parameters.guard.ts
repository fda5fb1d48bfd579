import { type CanActivate, type ExecutionContext, Injectable } from '@nestjs/common';
import { ROUTE_ARGS_METADATA } from '@nestjs/common/constants';
import { RouteParamtypes } from '@nestjs/common/enums/route-paramtypes.enum';
import { DomainError } from '@platform/kernel';
import type { Request } from 'express';

/** What a handler declares it reads: named query parameters, the whole query (through a schema), a body. */
interface Declared {
  queryNames: Set<string>;
  wholeQuery: boolean;
  body: boolean;
}

/**
 * Unknown parameters are refused, never ignored (a typo in a filter must not return everything), and a
 * parameter sent twice is refused rather than read as an array nobody expects. What each handler reads
 * comes from its own `@Query` / `@Body` declarations; a whole query or body goes through a `ZodPipe`,
 * which refuses unknown fields itself. A handler that reads no body accepts none, or an empty one.
 */
@Injectable()
export class KnownParametersGuard implements CanActivate {
  private readonly declared = new WeakMap<object, Declared>();

  canActivate(context: ExecutionContext): boolean {
    if (context.getType() !== 'http') return true;
    const request = context.switchToHttp().getRequest<Request>();
    const declared = this.declarationsOf(context);
    const query = (request.query ?? {}) as Record<string, unknown>;
    for (const [name, value] of Object.entries(query)) {
      if (!declared.wholeQuery && !declared.queryNames.has(name)) throw unknownParameter(name, [...declared.queryNames]);
      if (typeof value !== 'string') throw repeatedParameter(name);
    }
    if (!declared.body && !isEmptyBody(request.body)) throw unexpectedBody();
    return true;
  }

  private declarationsOf(context: ExecutionContext): Declared {
    const handler = context.getHandler();
    const known = this.declared.get(handler);
    if (known) return known;
    const args = (Reflect.getMetadata(ROUTE_ARGS_METADATA, context.getClass(), handler.name) ?? {}) as Record<string, { data?: unknown }>;
    const found: Declared = { queryNames: new Set(), wholeQuery: false, body: false };
    for (const [key, { data }] of Object.entries(args)) {
      const type = Number(key.split(':')[0]);
      if (type === RouteParamtypes.QUERY) {
        if (typeof data === 'string') found.queryNames.add(data);
        else found.wholeQuery = true;
      } else if (type === RouteParamtypes.BODY || type === RouteParamtypes.REQUEST) {
        // A handler that takes the raw request (OCSP's DER body) reads what it reads.
        found.body = true;
        if (type === RouteParamtypes.REQUEST) found.wholeQuery = true;
      }
    }
    this.declared.set(handler, found);
    return found;
  }
}

const isEmptyBody = (body: unknown) =>
  body === undefined || body === null || (typeof body === 'object' && !Array.isArray(body) && Object.keys(body).length === 0);

const unknownParameter = (name: string, known: string[]) =>
  new DomainError(
    'UNKNOWN_PARAMETER',
    'invalid',
    `Unknown query parameter "${name}". ${known.length ? `This operation reads only: ${known.join(', ')}.` : 'This operation takes no query parameters.'}`,
    { parameter: name },
  );

const repeatedParameter = (name: string) =>
  new DomainError('REPEATED_PARAMETER', 'invalid', `Query parameter "${name}" is given more than once (or with brackets): send it once.`, {
    parameter: name,
  });

const unexpectedBody = () =>
  new DomainError('UNEXPECTED_BODY', 'invalid', 'This operation takes no request body: send none, or an empty JSON object.');
