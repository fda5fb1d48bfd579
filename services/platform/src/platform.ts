import { randomBytes } from 'node:crypto';
import { resolve } from 'node:path';
import { type DynamicModule, type INestApplication, Logger, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { CqrsModule } from '@nestjs/cqrs';
import { AcmeHttp, AcmeModule } from '@platform/acme';
import { BillingMetrics, BillingModule } from '@platform/billing';
import { Identity } from '@platform/contracts';
import type { EventStore } from '@platform/event-store';
import { GatewayModule, configureGatewayApp } from '@platform/gateway';
import { IdentityModule } from '@platform/identity';
import { IssuanceModule } from '@platform/issuance';
import { CLOCK, type Clock, systemClock } from '@platform/kernel';
import { InProcessBus, type MessageBus, MessagingExplorer, MessagingModule, NatsBus, openRelays, sendRequest } from '@platform/messaging';
import { NotificationsMetrics, NotificationsModule, notificationsEnv } from '@platform/notifications';
import { CertificateAuthority } from '@platform/pki';
import { openReadModels } from '@platform/read-model';
import {
  InstrumentedBus,
  InstrumentedStore,
  type PlatformConfig,
  PlatformMetrics,
  type Readiness,
  type ServiceSources,
  httpCorrelation,
  httpMetrics,
  loadConfig,
  loggerFromEnv,
  type PlatformLogger,
  loadSecret,
  loadSecretText,
  openEventStore,
  publicUrl,
  readModelConfig,
  startProbeServer,
} from '@platform/runtime';
import { ValidationModule, validationConfig } from '@platform/validation';

import { SERVICES, type ServiceName } from './services';

export { SERVICES, type ServiceName };

export interface PlatformHandle {
  app: INestApplication;
  /** the gateway's base URL, when this process runs the gateway */
  url?: string;
  /** this process's own /livez, /readyz and /metrics, when METRICS_PORT is set */
  metricsUrl?: string;
  /** the bootstrap operator's credentials, when this start created them from a generated password */
  generatedAdmin?: { email: string; password: string };
  close(): Promise<void>;
}

export interface StartOptions {
  services?: readonly ServiceName[];
  clock?: Clock;
  /** the process's logger (main.ts makes it first, to log a failed start); default from LOG_LEVEL / LOG_FORMAT */
  logger?: PlatformLogger;
}

@Module({})
class ClockModule {
  static register(clock: Clock): DynamicModule {
    return { module: ClockModule, global: true, providers: [{ provide: CLOCK, useValue: clock }], exports: [CLOCK] };
  }
}

/**
 * Starts the chosen services in this process. All of them with no NATS_URL: the embedded single
 * process (in-process bus, SQLite under DATA_DIR). Some of them with NATS_URL: one part of the
 * distributed platform. The services are the same modules either way.
 */
export async function startPlatform(env: NodeJS.ProcessEnv = process.env, options: StartOptions = {}): Promise<PlatformHandle> {
  const config = loadConfig(env);
  const services = options.services ?? SERVICES;
  const platformLogger = options.logger ?? loggerFromEnv(env, services.join('+'));
  Logger.overrideLogger(platformLogger); // every Logger, also those used before Nest starts
  const logger = new Logger('Platform');
  if (!config.NATS_URL && services.length !== SERVICES.length)
    throw new Error('running only some services needs NATS_URL: without it, the services of other processes cannot be reached');

  const acmeUrl = acmePublicUrl(env.ACME_PUBLIC_URL); // before anything is opened that a throw would leave open
  const metrics = new PlatformMetrics(services.join('+'), {
    projectionLag: async () => (await Promise.all(openReadModels().map((h) => h.projectionLag()))).flat(),
    relayLag: () => Promise.all(openRelays().map(async (r) => ({ relay: r.name, positions: await r.lag() }))),
  });
  const rawBus: MessageBus = config.NATS_URL
    ? await NatsBus.connect({ servers: config.NATS_URL, name: services.join('+'), requestTimeoutMs: config.BUS_REQUEST_TIMEOUT_MS, logger: new Logger('Bus') })
    : new InProcessBus({ requestTimeoutMs: config.BUS_REQUEST_TIMEOUT_MS, logger: new Logger('Bus') });
  const bus = new InstrumentedBus(rawBus, metrics);
  const stores: EventStore[] = [];
  const store = async (service: ServiceName) => {
    const opened = new InstrumentedStore(service, await openEventStore(service, config), metrics);
    stores.push(opened);
    return opened;
  };

  const modules: DynamicModule[] = [];
  if (services.includes('identity'))
    modules.push(IdentityModule.register({ store: await store('identity'), secret: loadSecret('identity-secret', config.IDENTITY_SECRET, config.DATA_DIR) }));
  if (services.includes('billing'))
    modules.push(
      BillingModule.register({
        store: await store('billing'),
        readModel: readModelConfig('billing', config),
        schedulerIntervalMs: Number(env.BILLING_SCHEDULER_INTERVAL_MS) || undefined,
      }),
    );
  if (services.includes('validation')) {
    const { secretFromEnv, ...validation } = validationConfig(env);
    const secret = loadSecret('validation-secret', secretFromEnv, config.DATA_DIR);
    modules.push(ValidationModule.register({ store: await store('validation'), config: validation, secret }));
  }
  if (services.includes('issuance'))
    modules.push(
      IssuanceModule.register({
        store: await store('issuance'),
        readModel: readModelConfig('issuance', config),
        ca: await openCertificateAuthority(config, logger),
        publicUrl: publicUrl(config),
        crlDir: resolve(config.DATA_DIR, 'crl'),
      }),
    );
  if (services.includes('notifications'))
    modules.push(
      NotificationsModule.register({
        store: await store('notifications'),
        readModel: readModelConfig('notifications', config),
        config: {
          publicUrl: publicUrl(config),
          smtpUrl: config.SMTP_URL,
          from: config.MAIL_FROM,
          ...notificationsEnv(env),
          secret: loadSecret('notifications-secret', env.NOTIFICATIONS_SECRET, config.DATA_DIR),
        },
      }),
    );
  if (services.includes('gateway'))
    modules.push(
      GatewayModule.register({
        tokenSecret: loadSecret('auth-token-secret', config.AUTH_TOKEN_SECRET, config.DATA_DIR),
        identityUnreachableGraceMs: config.IDENTITY_UNREACHABLE_GRACE_MS,
        ...(config.OIDC_ISSUER && config.OIDC_CLIENT_ID && config.OIDC_CLIENT_SECRET
          ? {
              oidc: {
                issuer: config.OIDC_ISSUER,
                clientId: config.OIDC_CLIENT_ID,
                clientSecret: config.OIDC_CLIENT_SECRET,
                redirectUri: `${publicUrl(config)}/api/v1/auth/oidc/callback`,
              },
            }
          : {}),
      }),
    );

  if (services.includes('acme'))
    modules.push(
      AcmeModule.register({
        store: await store('acme'),
        secret: loadSecret('acme-secret', env.ACME_SECRET, config.DATA_DIR),
        publicUrl: acmeUrl,
        limits: {
          ordersPerAccountPerMinute: Number(env.ACME_RATE_ORDERS_PER_ACCOUNT_PER_MINUTE) || undefined,
          requestsPerIpPerMinute: Number(env.ACME_RATE_REQUESTS_PER_IP_PER_MINUTE) || undefined,
        },
      }),
    );

  @Module({
    imports: [CqrsModule.forRoot(), MessagingModule.forRoot({ bus }), ClockModule.register(options.clock ?? systemClock), ...modules],
  })
  class PlatformModule {}

  const app = await NestFactory.create(PlatformModule, { logger: platformLogger });
  metrics.observe(serviceMetrics(app, services));
  // No enableShutdownHooks: main.ts turns SIGTERM/SIGINT into close(); both would run app.close() at once,
  // and the second one would close read model pools under the first one's projection runners.
  let probes: import('node:http').Server | undefined;
  const close = async () => {
    if (probes) await new Promise((done) => probes!.close(done));
    await app.close();
    await bus.close();
    await Promise.all(stores.map((s) => s.close()));
  };
  try {
    let url: string | undefined;
    // Before any route: every answer is timed and has its correlation id, the CRL downloads answered ahead of Nest included.
    if (services.includes('gateway') || services.includes('acme')) app.use(httpCorrelation(), httpMetrics(metrics));
    // The single process serves /metrics beside its API; a distributed one only on METRICS_PORT.
    if (!config.NATS_URL) app.use('/metrics', metricsHandler(metrics));
    // ACME is served under /acme: by the gateway's listener in one process, by its own (ACME_PORT) alone.
    if (services.includes('acme')) app.use('/acme', app.get(AcmeHttp).router());
    if (services.includes('gateway') || services.includes('acme')) {
      if (services.includes('gateway')) configureGatewayApp(app);
      const port = services.includes('gateway') ? config.PORT : Number(env.ACME_PORT ?? config.PORT);
      await app.listen(port, config.HOST);
      const address = app.getHttpServer().address() as { port: number };
      url = `http://${config.HOST}:${address.port}`;
    } else await app.init();
    let metricsUrl: string | undefined;
    if (config.METRICS_PORT !== undefined) {
      probes = await startProbeServer({ host: config.HOST, port: config.METRICS_PORT, metrics, readiness: () => readiness(app, rawBus) });
      metricsUrl = `http://${config.HOST}:${(probes.address() as { port: number }).port}`;
    }
    const generatedAdmin = services.includes('identity') ? await bootstrapOperator(bus, config, logger) : undefined;
    return { app, url, metricsUrl, generatedAdmin, close };
  } catch (error) {
    await close().catch(() => undefined);
    throw error;
  }
}

/**
 * Ready once the bus is connected, every request and event handler is registered on it, and every
 * read model of the process has caught up with its event store (as of the question).
 */
async function readiness(app: INestApplication, bus: MessageBus): Promise<Readiness> {
  const registered = await Promise.race([
    app.get(MessagingExplorer).whenRegistered().then(() => true, () => false),
    new Promise<boolean>((done) => setTimeout(done, 100, false)),
  ]);
  const caughtUp = await Promise.all(openReadModels().map((h) => h.caughtUp({ timeoutMs: 2_000 }).then(() => true, () => false)));
  const checks = { bus: bus.isConnected(), handlers: registered, readModels: caughtUp.every(Boolean) };
  return { ready: Object.values(checks).every(Boolean), checks };
}

/** What the services of this process report at scrape time: the platform alone knows both them and the metrics. */
function serviceMetrics(app: INestApplication, services: readonly ServiceName[]): ServiceSources {
  const sources: ServiceSources = {};
  if (services.includes('billing')) {
    const billing = app.get(BillingMetrics);
    sources.reservationsInFlight = () => billing.reservationsInFlight();
  }
  if (services.includes('notifications')) {
    const notifications = app.get(NotificationsMetrics);
    sources.outboxDepth = () => notifications.outboxDepth();
    sources.mailFailures = () => notifications.mailFailures();
  }
  return sources;
}

function metricsHandler(metrics: PlatformMetrics) {
  return (_req: unknown, res: import('express').Response, next: (error?: unknown) => void) => {
    metrics.registry.metrics().then((text) => res.setHeader('content-type', metrics.registry.contentType).end(text), next);
  };
}

/** The first MRAO: from PORTAL_ADMIN_EMAIL / PORTAL_ADMIN_PASSWORD, or generated and printed once. */
async function bootstrapOperator(bus: MessageBus, config: PlatformConfig, logger: Logger) {
  const email = config.PORTAL_ADMIN_EMAIL ?? 'operator@example.invalid';
  const password = config.PORTAL_ADMIN_PASSWORD ?? randomBytes(18).toString('base64url');
  const { created } = await sendRequest(bus, Identity.BootstrapOperator, { email, password, name: config.PORTAL_ADMIN_NAME });
  if (!created || config.PORTAL_ADMIN_PASSWORD) return undefined;
  logger.warn(`bootstrap operator created: ${email} with a generated password, shown this once`);
  return { email, password };
}

async function openCertificateAuthority(config: PlatformConfig, logger: Logger): Promise<CertificateAuthority> {
  if (!config.CA_PASSPHRASE && !config.CA_PASSPHRASE_FILE)
    logger.warn('no CA_PASSPHRASE: the CA keys are encrypted with a passphrase kept in DATA_DIR/secrets (development only)');
  const passphrase = loadSecretText('ca-passphrase', config.CA_PASSPHRASE, config.CA_PASSPHRASE_FILE, config.DATA_DIR);
  return CertificateAuthority.loadOrCreate({ dir: resolve(config.CA_DIR ?? `${config.DATA_DIR}/ca`), passphrase });
}

/** ACME_PUBLIC_URL, checked at start: a wrong base would make every client's JWS "url" check fail. */
function acmePublicUrl(value: string | undefined): string | undefined {
  if (!value) return undefined;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new Error(`ACME_PUBLIC_URL must be an absolute URL such as https://acme.example.ac.uk/acme (got "${value}")`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new Error(`ACME_PUBLIC_URL must be http(s) (got "${value}")`);
  return value;
}
