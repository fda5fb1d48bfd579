import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { type DynamicModule, Global, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { GatewayModule, buildOpenApiDocument } from '@platform/gateway';
import { CLOCK, systemClock } from '@platform/kernel';
import { InProcessBus, MESSAGE_BUS } from '@platform/messaging';

/**
 * Writes the gateway's OpenAPI document (what /api/openapi.json serves) to a file for the linter:
 * `node -r ./tools/register.js tools/openapi/export.ts [out]` (default: dist/openapi.json).
 * Only the gateway's module is built, on an in-process bus nobody answers: no service starts, nothing
 * listens, no data directory is touched. The secret is a placeholder: no token is ever issued here.
 */
@Global()
@Module({})
class DocumentOnlyModule {
  static register(): DynamicModule {
    const providers = [
      { provide: MESSAGE_BUS, useValue: new InProcessBus() },
      { provide: CLOCK, useValue: systemClock },
    ];
    return { module: DocumentOnlyModule, providers, exports: providers.map((p) => p.provide) };
  }
}

@Module({ imports: [DocumentOnlyModule.register(), GatewayModule.register({ tokenSecret: Buffer.alloc(32) })] })
class ExportModule {}

async function main(): Promise<void> {
  const out = resolve(process.argv[2] ?? 'dist/openapi.json');
  const app = await NestFactory.create(ExportModule, { logger: ['error'] });
  try {
    const document = buildOpenApiDocument(app);
    mkdirSync(dirname(out), { recursive: true });
    writeFileSync(out, `${JSON.stringify(document, null, 2)}\n`);
    console.log(`openapi: ${Object.keys(document.paths).length} paths written to ${out}`);
  } finally {
    await app.close();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
