import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type PlatformHandle, startPlatform } from '../src/platform';
import { client } from './http-client';

interface Parameter {
  name: string;
  in: string;
  description?: string;
  schema?: unknown;
}
interface Response {
  description?: string;
  content?: Record<string, { schema?: { $ref?: string } }>;
}
interface Operation {
  operationId?: string;
  summary?: string;
  parameters?: Parameter[];
  security?: unknown[];
  responses: Record<string, Response>;
}

/**
 * The OpenAPI document as served is complete, for every operation there is (routes added later
 * included): summary, operationId, every path and query parameter with a schema and a description,
 * every success body described, and every 4xx a problem document (one `Problem` component). What a
 * new operation needs to pass: `@ApiDoc({ summary, returns })` and descriptions of its own parameters
 * (see services/gateway/src/openapi/openapi.document.ts).
 */
describe('OpenAPI document (single process)', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'platform-openapi-'));
  let platform: PlatformHandle;
  let operations: { key: string; operation: Operation; path: string }[];
  let document: { paths: Record<string, Record<string, Operation>>; components: { schemas: Record<string, { required?: string[] }> } };

  beforeAll(async () => {
    platform = await startPlatform({ DATA_DIR: dataDir, PORT: '0', LOG_LEVEL: 'error', PORTAL_ADMIN_EMAIL: 'operator@example.ac.uk', PORTAL_ADMIN_PASSWORD: 'operator password for tests' });
    document = (await client(platform.url!).get('/api/openapi.json')).body;
    operations = Object.entries(document.paths).flatMap(([path, item]) =>
      Object.entries(item).map(([method, operation]) => ({ key: `${method.toUpperCase()} ${path}`, operation, path })),
    );
  });

  afterAll(async () => {
    await platform?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const gaps = (check: (operation: Operation, path: string) => string[]) =>
    operations.flatMap(({ key, operation, path }) => check(operation, path).map((gap) => `${key}: ${gap}`));

  it('describes the operations there are', () => {
    expect(operations.length).toBeGreaterThan(50);
    expect(document.components.schemas.Problem.required).toEqual(expect.arrayContaining(['type', 'title', 'status', 'detail', 'code']));
  });

  it('every operation has a summary and a unique operationId', () => {
    expect(gaps((o) => (o.summary?.trim() ? [] : ['no summary (@ApiDoc({ summary }))']))).toEqual([]);
    expect(gaps((o) => (o.operationId ? [] : ['no operationId']))).toEqual([]);
    const ids = operations.map((o) => o.operation.operationId);
    expect(ids.filter((id, i) => ids.indexOf(id) !== i)).toEqual([]);
  });

  it('every path and query parameter has a schema and a description; every {name} in a path is declared', () => {
    expect(
      gaps((o, path) => [
        ...(o.parameters ?? [])
          .filter((p) => p.in === 'path' || p.in === 'query')
          .flatMap((p) => [...(p.schema ? [] : [`${p.in} parameter ${p.name}: no schema`]), ...(p.description?.trim() ? [] : [`${p.in} parameter ${p.name}: no description`])]),
        ...[...path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).filter((name) => !(o.parameters ?? []).some((p) => p.in === 'path' && p.name === name)).map((name) => `path parameter ${name} undeclared`),
      ]),
    ).toEqual([]);
  });

  it('every success answer with a body describes it', () => {
    expect(
      gaps((o) =>
        Object.entries(o.responses)
          .filter(([status]) => /^2/.test(status) && status !== '204')
          .filter(([, r]) => !r.content || Object.values(r.content).some((m) => !m.schema))
          .map(([status]) => `${status}: no content schema (@ApiDoc({ returns }) or media)`),
      ),
    ).toEqual([]);
    expect(gaps((o) => (Object.keys(o.responses).some((s) => /^[23]/.test(s)) ? [] : ['no success response']))).toEqual([]);
  });

  it('every operation lists its 4xx problems, each application/problem+json with the Problem schema; signed-in ones 401', () => {
    expect(
      gaps((o) => {
        const problems = Object.entries(o.responses).filter(([status]) => /^4/.test(status));
        return [
          ...(problems.some(([status]) => status === '400') ? [] : ['no 400']),
          ...(o.security?.length && !o.responses['401'] ? ['signed-in but no 401'] : []),
          ...problems
            .filter(([, r]) => r.content?.['application/problem+json']?.schema?.$ref !== '#/components/schemas/Problem' || !r.description?.trim())
            .map(([status]) => `${status}: not a described problem+json response`),
        ];
      }),
    ).toEqual([]);
  });

  it('the problems of this issue are listed where they happen', () => {
    const operation = (key: string) => operations.find((o) => o.key === key)!.operation;
    expect(operation('POST /api/v1/admins/{adminId}/idp-invitation').responses['409'].description).toContain('IDP_NOT_CONFIGURED');
    expect(operation('GET /api/v1/organisations/{organisationId}/subscription').responses['403'].description).toContain('PRIVILEGE_MISSING');
    expect(operation('POST /api/v1/certificates/{certificateId}/revoke')).toMatchObject({ requestBody: { required: false } });
  });
});
