import { DomainError } from '@platform/kernel';
import type { NextFunction, Request, Response } from 'express';
import { SafeStringsMiddleware } from './safe-strings.middleware';

describe('SafeStringsMiddleware', () => {
  const run = (request: Partial<Request>) => {
    const next = jest.fn() as unknown as NextFunction;
    try {
      new SafeStringsMiddleware().use({ originalUrl: '/api/v1/x', query: {}, ...request } as Request, {} as Response, next);
      return { passed: (next as unknown as jest.Mock).mock.calls.length === 1 };
    } catch (error) {
      return { error: error as DomainError };
    }
  };

  it('lets ordinary input through, however odd (quotes, backslashes, emoji, bidi characters are other checks)', () => {
    expect(run({ originalUrl: "/api/v1/x/O'Brien%5C?q=caf%C3%A9", query: { q: 'café 😀', list: ['a', 'b'] }, body: { a: "it's \\ \u202E", n: [1, { b: null }] } })).toEqual({ passed: true });
    expect(run({ body: Buffer.from([0, 1, 2]) })).toEqual({ passed: true }); // OCSP's DER body is not JSON
    expect(run({ originalUrl: '/api/v1/x/%E0%A4%A' })).toEqual({ passed: true }); // the router answers a bad escape
  });

  it('refuses a NUL or a lone surrogate in the path, the query or the body, naming where (400 INVALID_STRING)', () => {
    const cases: [Partial<Request>, { in: string; path: string }][] = [
      [{ originalUrl: '/api/v1/organisations/a%00b/subscription' }, { in: 'path', path: 'a\\u0000b' }],
      [{ query: { to: '\u0000' } }, { in: 'query', path: 'to' }],
      [{ query: { filter: { name: ['ok', 'x\uDC00'] } } as never }, { in: 'query', path: 'filter.name[1]' }],
      [{ body: { poNumber: 'PO\u0000X' } }, { in: 'body', path: 'poNumber' }],
      [{ body: { names: ['a', 'b\uD800'] } }, { in: 'body', path: 'names[1]' }],
      // A surrogate encoded as UTF-8 does not decode: the query parser would keep the raw text.
      [{ originalUrl: '/api/v1/organisations?name=%ED%A0%80', query: { name: '%ED%A0%80' } }, { in: 'query', path: 'name' }],
      [{ originalUrl: '/api/v1/x?to=a&q=%E0%A4%A', query: { to: 'a', q: '%E0%A4%A' } }, { in: 'query', path: 'q' }],
    ];
    for (const [request, where] of cases) {
      const { error } = run(request);
      expect(error).toBeInstanceOf(DomainError);
      expect(error).toMatchObject({ code: 'INVALID_STRING', kind: 'invalid', details: { errors: [expect.objectContaining(where)] } });
    }
  });
});
