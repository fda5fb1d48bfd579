import 'reflect-metadata';
import { loggerFromEnv, routeConsoleTo } from '@platform/runtime';
import { SERVICES, type ServiceName, startPlatform } from './platform';

function chosenServices(value: string | undefined): ServiceName[] | undefined {
  const names = (value ?? '').split(',').map((s) => s.trim()).filter(Boolean);
  const unknown = names.filter((n) => !(SERVICES as readonly string[]).includes(n));
  if (unknown.length > 0) throw new Error(`unknown service(s) in SERVICES: ${unknown.join(', ')}; known: ${SERVICES.join(', ')}`);
  return names.length > 0 ? (names as ServiceName[]) : undefined;
}

const logger = loggerFromEnv(process.env, (process.env.SERVICES || SERVICES.join(',')).replace(/\s/g, '').split(',').join('+'));
routeConsoleTo(logger); // what libraries print becomes JSON lines too
// Node would print these as plain text on stderr; log them as a line like any other, then stop as Node would.
for (const event of ['uncaughtException', 'unhandledRejection'] as const)
  process.on(event, (error: unknown) => {
    logger.fatal(event, error, 'Platform');
    process.exit(1);
  });

/** `npm start`: the whole platform in one process (or, with SERVICES=a,b and NATS_URL, some of it). */
async function main() {
  const services = chosenServices(process.env.SERVICES);
  const platform = await startPlatform(process.env, { ...(services ? { services } : {}), logger });
  if (platform.generatedAdmin)
    // Printed once, on the console only (never through the logger, whose lines are kept), so that the
    // operator can sign in the first time.
    process.stdout.write(
      `\nBootstrap operator (MRAO) created — sign in and keep these safe:\n  e-mail:   ${platform.generatedAdmin.email}\n  password: ${platform.generatedAdmin.password}\n\n`,
    );
  if (platform.url) logger.log(`Gateway listening on ${platform.url} (OpenAPI: ${platform.url}/api/docs)`, 'Platform');
  const stop = () => void platform.close().then(() => process.exit(0));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((error) => {
  logger.fatal('failed to start', error, 'Platform');
  process.exit(1);
});
