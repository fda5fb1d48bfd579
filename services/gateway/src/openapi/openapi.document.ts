import type { INestApplication } from '@nestjs/common';
import { METHOD_METADATA, ROUTE_ARGS_METADATA } from '@nestjs/common/constants';
import { RouteParamtypes } from '@nestjs/common/enums/route-paramtypes.enum';
import { ModulesContainer } from '@nestjs/core';
import { DocumentBuilder, type OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import type { OperationObject, ParameterObject, ResponseObject, SchemaObject } from '@nestjs/swagger/dist/interfaces/open-api-spec.interface';
import { IdSchema } from '@platform/contracts';
import { z } from 'zod';
import { ACCESS_RULE, type AccessRule } from '../auth/access.decorator';
import { RATE_LIMIT } from '../auth/rate-limit.guard';
import { ZodPipe, jsonSchema } from '../http/zod-body.pipe';
import { API_DOC, type OperationDoc } from './api-doc.decorator';

/**
 * The gateway's OpenAPI document, served at /api/openapi.json and linted in `npm run lint`
 * (tools/openapi/export.ts writes it without starting anything). What each operation declares (its
 * ApiDoc, ApiBody, ApiParam) is completed here from what the route already says about itself, so
 * that it cannot drift from the code: path ids from the id schema, a whole query from its ZodPipe's
 * schema, and the problems every route of its kind answers, from its @Access rule, method and limits.
 */
export function buildOpenApiDocument(app: INestApplication): OpenAPIObject {
  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('Certificate service platform')
      .setDescription(
        'TLS and S/MIME certificates for member organisations. Errors are RFC 9457 problem+json (`Problem`) with a stable `code`; ' +
          'each operation lists the codes it may answer per status. ' +
          'A body field, query parameter or path segment holding a NUL character or a lone UTF-16 surrogate is refused with 400 `INVALID_STRING`.',
      )
      .setVersion('1')
      .setLicense('Proprietary', 'https://certificate-service.invalid/licence')
      .addServer('/', 'this gateway')
      .addBearerAuth()
      .build(),
  );
  const handlers = handlersByOperationId(app);
  document.components = { ...document.components, schemas: { ...document.components?.schemas, Problem: PROBLEM_SCHEMA } };
  for (const [path, item] of Object.entries(document.paths))
    for (const [method, operation] of Object.entries(item) as [string, OperationObject][]) {
      const handler = handlers.get(operation.operationId ?? '');
      documentSecurity(operation, handler);
      documentParameters(operation, handler);
      documentSuccess(operation, handler?.doc);
      documentProblems(operation, method, path, handler);
    }
  document.tags = [...new Set(Object.values(document.paths).flatMap((item) => Object.values(item).flatMap((o: OperationObject) => o.tags ?? [])))]
    .sort()
    .map((name) => ({ name, description: TAGS[name] ?? name }));
  return document;
}

interface Handler {
  rule?: AccessRule;
  rateLimited: boolean;
  doc?: OperationDoc;
  /** the schema of a whole query read through a ZodPipe */
  query?: z.ZodType;
  body: boolean;
}

/** SwaggerModule names each operation `<Controller>_<method>`: the same key finds the handler's metadata. */
function handlersByOperationId(app: INestApplication): Map<string, Handler> {
  const found = new Map<string, Handler>();
  for (const module of app.get(ModulesContainer).values())
    for (const wrapper of module.controllers.values()) {
      const controller = wrapper.metatype as (new (...args: unknown[]) => unknown) | undefined;
      if (!controller?.prototype) continue;
      for (const name of Object.getOwnPropertyNames(controller.prototype)) {
        const handler = controller.prototype[name];
        if (typeof handler !== 'function' || Reflect.getMetadata(METHOD_METADATA, handler) === undefined) continue;
        const args = Object.entries((Reflect.getMetadata(ROUTE_ARGS_METADATA, controller, name) ?? {}) as Record<string, { data?: unknown; pipes?: unknown[] }>);
        const typeOf = (key: string) => Number(key.split(':')[0]);
        const wholeQuery = args.find(([key, arg]) => typeOf(key) === RouteParamtypes.QUERY && arg.data === undefined);
        const pipe = wholeQuery?.[1].pipes?.find((p): p is ZodPipe<z.ZodType> => p instanceof ZodPipe);
        found.set(`${controller.name}_${name}`, {
          rule: Reflect.getMetadata(ACCESS_RULE, handler),
          rateLimited: Reflect.getMetadata(RATE_LIMIT, handler) !== undefined,
          doc: Reflect.getMetadata(API_DOC, handler),
          query: pipe?.schema,
          body: args.some(([key]) => typeOf(key) === RouteParamtypes.BODY),
        });
      }
    }
  return found;
}

/** From the @Access rule: public operations need no token (`[]`), every other one the bearer token. */
function documentSecurity(operation: OperationObject, handler: Handler | undefined): void {
  if (handler?.rule?.kind === 'public') operation.security = [];
  else operation.security ??= [{ bearer: [] }];
}

/** Parameters that mean the same on every operation; an operation's own description wins. */
const PARAMETERS: Record<string, string> = {
  domain: 'A domain name of the organisation, as added (e.g. example.ac.uk).',
  renewalLink: 'The renewal link from the reminder e-mail, exactly as sent.',
  organisationId: 'Only what belongs to this organisation (one the caller has access to).',
  departmentId: 'Only what belongs to this department.',
  page: 'Page number, from 1.',
  pageSize: 'Items per page.',
  format: 'The representation of the answer.',
  status: 'Only items in this status.',
};

const idSchema = jsonSchema(IdSchema) as SchemaObject;
const words = (camel: string) => camel.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();

function documentParameters(operation: OperationObject, handler: Handler | undefined): void {
  const parameters = (operation.parameters ?? []).filter((p): p is ParameterObject => 'in' in p);
  // Every `…Id` path parameter goes through IdPipe (contracts' IdSchema): documented from the same schema.
  for (const parameter of parameters)
    if (parameter.in === 'path' && /Id$/.test(parameter.name)) {
      parameter.schema = idSchema;
      parameter.description ??= `The ${words(parameter.name.slice(0, -2))}'s id (a UUID, lower case).`;
    }
  // A whole query read through a ZodPipe: one parameter per field of its schema.
  if (handler?.query) {
    const schema = jsonSchema(handler.query) as SchemaObject;
    for (const [name, property] of Object.entries(schema.properties ?? {}) as [string, SchemaObject][]) {
      if (parameters.some((p) => p.in === 'query' && p.name === name)) continue;
      const { description, ...rest } = property;
      // The id schema's own words say what an id looks like, not what this filter means.
      const own = description === idSchema.description ? undefined : description;
      parameters.push({ name, in: 'query', required: schema.required?.includes(name) ?? false, description: own, schema: rest });
    }
  }
  for (const parameter of parameters) {
    parameter.description ??= PARAMETERS[parameter.name];
    if (parameter.description === undefined || parameter.description === '') delete parameter.description;
    parameter.schema ??= { type: 'string' };
  }
  if (parameters.length > 0) operation.parameters = parameters;
}

/** The success answer's body, from the operation's ApiDoc `returns`, unless the operation described it itself. */
function documentSuccess(operation: OperationObject, doc: OperationDoc | undefined): void {
  for (const [status, response] of Object.entries(operation.responses ?? {}) as [string, ResponseObject][]) {
    if (!/^2/.test(status) || !('description' in response)) continue;
    if (!response.description) response.description = SUCCESS[status] ?? 'Done.';
    if (response.content || status === '204' || !doc) continue;
    const media = Object.fromEntries(Object.entries(doc.media ?? {}).map(([type, schema]) => [type, { schema }]));
    if (doc.returns) response.content = { 'application/json': { schema: responseSchema(doc.returns) }, ...media };
    else if (doc.media) response.content = media;
  }
}

const SUCCESS: Record<string, string> = { '200': 'OK.', '201': 'Created.', '202': 'Accepted: the work goes on after the answer.' };

const responseSchema = (returns: NonNullable<OperationDoc['returns']>): SchemaObject =>
  z.toJSONSchema('kind' in returns && returns.kind === 'request' ? returns.response : (returns as z.ZodType), {
    io: 'output',
    target: 'openapi-3.0',
    unrepresentable: 'any',
  }) as SchemaObject;

const problemContent = { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } };

/** What every route answers by its kind; the codes are the gateway's own (guards, pipes, middleware). */
function impliedProblems(method: string, path: string, handler: Handler | undefined): Record<string, string> {
  const signedIn = handler?.rule !== undefined && handler.rule.kind !== 'public';
  const writes = ['post', 'put', 'patch'].includes(method);
  const problems: Record<string, string> = {
    '400':
      'VALIDATION_FAILED (each issue in `errors`, e.g. ID_INVALID), UNKNOWN_PARAMETER, REPEATED_PARAMETER, INVALID_STRING' +
      (writes ? (handler?.body ? ', MALFORMED_JSON' : ', UNEXPECTED_BODY (this operation takes no body: send none, or {})') : '') +
      '.',
  };
  if (signedIn) {
    problems['401'] = 'UNAUTHENTICATED: no bearer token, or one that is invalid or expired; TOKEN_REVOKED: the account was suspended or its grants changed.';
    if (handler?.rule?.kind !== 'capability' && handler?.rule?.kind !== 'signed-in')
      problems['403'] = 'FORBIDDEN or PRIVILEGE_MISSING (the privilege is named in `privilege`): in scope, but not allowed to do this.';
  }
  if (signedIn || /\{/.test(path)) problems['404'] = 'NOT_FOUND or the resource\'s own …_NOT_FOUND: absent, or outside the caller\'s scope (which answers the same).';
  if (writes) {
    problems['413'] = 'PAYLOAD_TOO_LARGE: the body is over 256 KiB.';
    problems['415'] = 'UNSUPPORTED_MEDIA_TYPE: a body that is not sent as application/json.';
  }
  if (handler?.rateLimited) problems['429'] = 'RATE_LIMITED: too many requests from this client; wait for the seconds in Retry-After.';
  return problems;
}

/** Every 4xx an operation answers, each a problem document: implied by its route, then its own (ApiDoc or ApiResponse). */
function documentProblems(operation: OperationObject, method: string, path: string, handler: Handler | undefined): void {
  const responses = (operation.responses ??= {}) as Record<string, ResponseObject>;
  const own = Object.fromEntries(Object.entries(handler?.doc?.problems ?? {}).map(([status, text]) => [status, text as string]));
  for (const [status, description] of Object.entries({ ...impliedProblems(method, path, handler), ...own })) {
    const declared = responses[status];
    responses[status] = { ...declared, description: declared?.description || description };
  }
  for (const [status, response] of Object.entries(responses))
    if (/^4/.test(status) && 'description' in response) response.content = { ...problemContent, ...response.content };
}

const PROBLEM_SCHEMA: SchemaObject = {
  type: 'object',
  description: 'An RFC 9457 problem document. `code` is stable (UPPER_SNAKE) and ends `type`; other members depend on the code.',
  required: ['type', 'title', 'status', 'detail', 'code', 'instance'],
  properties: {
    type: { type: 'string', description: '`urn:cert-platform:problem:<code>`', example: 'urn:cert-platform:problem:VALIDATION_FAILED' },
    title: { type: 'string', description: 'The status in words.', example: 'Bad request' },
    status: { type: 'integer', description: 'The HTTP status.', minimum: 400, maximum: 599 },
    detail: { type: 'string', description: 'What is wrong and what to do, for a person.' },
    code: { type: 'string', description: 'What went wrong, for a program.', pattern: '^[A-Z][A-Z0-9_]*$', example: 'VALIDATION_FAILED' },
    instance: { type: 'string', description: 'The path of the request.' },
    errors: {
      type: 'array',
      description: 'VALIDATION_FAILED: every issue found, with where.',
      items: {
        type: 'object',
        required: ['path', 'message'],
        properties: {
          path: { type: 'string', description: 'The field (dotted), parameter or `(root)`.' },
          message: { type: 'string', description: 'What is wrong with it.' },
          code: { type: 'string', description: 'The rule\'s own code, where it has one (e.g. ID_INVALID).' },
        },
      },
    },
    retryAfterSeconds: { type: 'integer', description: 'With 409 REQUEST_IN_PROGRESS and 429: when to try again (also in Retry-After).' },
  },
  additionalProperties: true,
};

const TAGS: Record<string, string> = {
  acme: 'ACME External Account Bindings made in the portal.',
  admins: 'Administrators (MRAO, RAO, DRAO, API) in the caller\'s scope: invitations, grants, suspension.',
  auth: 'Sign-in, tokens, passwords and OpenID Connect.',
  ca: 'The CA certificates, for relying parties.',
  certificates: 'Certificate requests, certificates, revocation and downloads.',
  departments: 'Departments of an organisation.',
  finance: 'Usage, reconciliation and operator views of subscriptions.',
  health: 'Liveness and readiness.',
  invoices: 'Invoices raised by upgrades and renewals.',
  notifications: 'The e-mail outbox.',
  organisations: 'Organisations and their first administrators.',
  revocation: 'CRLs, CA certificates and OCSP at the URLs inside certificates.',
  subscriptions: 'Yearly subscriptions: allowance, upgrades, renewals, purchase orders.',
  validation: 'Organisation vetting, EV details and domain control validation.',
};
