import type { INestApplication } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { SwaggerModule } from '@nestjs/swagger';
import type { NextFunction, Request, Response } from 'express';
import { buildOpenApiDocument } from './openapi/openapi.document';
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
  const document = buildOpenApiDocument(app);
  SwaggerModule.setup('api/docs', app, document, { jsonDocumentUrl: 'api/openapi.json' });
}
