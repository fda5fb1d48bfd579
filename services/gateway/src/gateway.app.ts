import type { INestApplication } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, type OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import type { OperationObject, SchemaObject } from '@nestjs/swagger/dist/interfaces/open-api-spec.interface';
import { IdSchema } from '@platform/contracts';
import type { NextFunction, Request, Response } from 'express';
import { jsonSchema } from './http/zod-body.pipe';
import { CrlCopies } from './revocation/crl-copies';

/** HTTP settings of the gateway: body limits, security headers, OpenAPI at /api/openapi.json and /api/docs. */
export function configureGatewayApp(app: INestApplication): void {
  const express = app as NestExpressApplication;
  express.disable('x-powered-by');
  express.useBodyParser('json', { limit: '256kb' });
  // Keep idle connections longer than clients and proxies do (Node's 5 s default makes a client that
  // reuses a connection just as the server drops it see ECONNRESET), and headers within that.
  const server = express.getHttpServer() as import('node:http').Server;
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 66_000;
  express.use((_req: Request, res: Response, next: NextFunction) => {
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.setHeader('X-Frame-Options', 'DENY');
    res.setHeader('Referrer-Policy', 'no-referrer');
    res.setHeader('Cache-Control', 'no-store');
    next();
  });
  // CRL downloads whose copy is fresh are answered here, ahead of Nest's pipeline (see CrlCopies.fromMemory).
  express.use(app.get(CrlCopies).fromMemory);
  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('Certificate service platform')
      .setDescription(
        'TLS and S/MIME certificates for member organisations. Errors are RFC 9457 problem+json with a stable `code`. ' +
          'A body field, query parameter or path segment holding a NUL character or a lone UTF-16 surrogate is refused with 400 `INVALID_STRING`.',
      )
      .setVersion('1')
      .addBearerAuth()
      .build(),
  );
  documentIdParameters(document);
  SwaggerModule.setup('api/docs', app, document, { jsonDocumentUrl: 'api/openapi.json' });
}

/**
 * Every `…Id` path parameter goes through IdPipe (contracts' IdSchema): documented here once, from
 * the same schema, rather than by a decorator on each of the thirty-odd operations.
 */
function documentIdParameters(document: OpenAPIObject): void {
  const schema = jsonSchema(IdSchema) as SchemaObject;
  for (const path of Object.values(document.paths))
    for (const operation of Object.values(path) as OperationObject[])
      for (const parameter of operation?.parameters ?? [])
        if ('in' in parameter && parameter.in === 'path' && /Id$/.test(parameter.name)) parameter.schema = schema;
}
