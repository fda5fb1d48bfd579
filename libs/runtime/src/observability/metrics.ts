import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/**
 * A latency histogram with a counter of the same label set beside it: rates and error ratios read
 * from the counter, latency from the histogram (and text-format parsers that flatten labelled
 * histograms still see every count).
 */
export class TimedCounter<L extends string> {
  private readonly histogram: Histogram<L>;
  private readonly counter: Counter<L>;

  constructor(registry: Registry, name: string, help: string, labelNames: readonly L[]) {
    this.histogram = new Histogram({ name: `${name}_duration_seconds`, help: `${help}: time taken`, labelNames, buckets: BUCKETS, registers: [registry] });
    this.counter = new Counter({ name: `${name}_total`, help, labelNames, registers: [registry] });
  }

  /** Starts a clock; the function it returns records the outcome's labels with the time taken. */
  start(): (labels: Record<L, string>) => void {
    const started = performance.now();
    return (labels) => {
      this.histogram.observe(labels, (performance.now() - started) / 1000);
      this.counter.inc(labels);
    };
  }
}

/** Lags across the process's read models and relays, read at scrape time (from registries in the libs). */
export interface ScrapeLag {
  projectionLag?: () => Promise<{ projection: string; events: number }[]>;
  relayLag?: () => Promise<{ relay: string; positions: number }[]>;
}

/**
 * What a service reports about itself at scrape time (implemented by the service, handed over by the
 * platform, which alone may know both). Labels are the service's own bounded sets.
 */
export interface ServiceSources {
  /** billing: units reserved and neither confirmed nor released */
  reservationsInFlight?: () => Promise<number>;
  /** notifications: mails queued and neither sent nor failed for good */
  outboxDepth?: () => Promise<number>;
  /** notifications: failed send attempts since the process started, by a reason from a fixed set */
  mailFailures?: () => Readonly<Record<string, number>>;
}

/** Seconds: from a cached answer (~1 ms) to a bus timeout (5 s) and beyond. */
const BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

/**
 * One process's Prometheus metrics (prom-client), served at `/metrics` (probe-server.ts, or the
 * gateway's port in the single process). Labels take bounded values only: route templates, subjects,
 * stable error codes, event types, never ids or raw paths.
 */
export class PlatformMetrics {
  readonly registry = new Registry();
  readonly http = new TimedCounter(this.registry, 'http_requests', 'HTTP requests answered, by method, route template and status', ['method', 'route', 'status']);
  readonly busRequests = new TimedCounter(this.registry, 'bus_requests', 'Requests this process sent over the bus, by subject and outcome (ok or the error code)', [
    'subject',
    'outcome',
  ]);
  readonly busHandled = new TimedCounter(this.registry, 'bus_handled', 'Requests this process answered, by subject and outcome (ok or the error code)', [
    'subject',
    'outcome',
  ]);
  readonly busEvents = new Counter({
    name: 'bus_events_consumed_total',
    help: 'Integration events this process handled, by subject and outcome (ok, or error: redelivered later)',
    labelNames: ['subject', 'outcome'],
    registers: [this.registry],
  });
  readonly appends = new TimedCounter(this.registry, 'event_store_appends', 'Appends to a service event store, by service and outcome (ok, conflict, error)', [
    'service',
    'outcome',
  ]);
  readonly events = new Counter({
    name: 'events_appended_total',
    help: 'Events appended to a service event store, by service and event type',
    labelNames: ['service', 'type'],
    registers: [this.registry],
  });
  readonly certificatesIssued = new Counter({
    name: 'certificates_issued_total',
    help: 'Certificates issued by this process, by certificate type and request method',
    labelNames: ['type', 'method'],
    registers: [this.registry],
  });
  readonly certificatesRevoked = new Counter({
    name: 'certificates_revoked_total',
    help: 'Certificates revoked by this process, by reason',
    labelNames: ['reason'],
    registers: [this.registry],
  });

  constructor(
    /** the services this process runs, e.g. `billing` or `identity+billing+...`: a label on every metric */
    services: string,
    lag: ScrapeLag = {},
  ) {
    this.registry.setDefaultLabels({ services });
    collectDefaultMetrics({ register: this.registry });
    this.gauge('projection_lag_positions', 'How far each read model projection is behind the head of its event store, in log positions', ['projection'], async (set) => {
      for (const { projection, events } of (await lag.projectionLag?.()) ?? []) set({ projection }, events);
    });
    this.gauge('relay_lag_positions', "How far each service's integration-event relay is behind the head of its event store, in log positions", ['relay'], async (set) => {
      for (const { relay, positions } of (await lag.relayLag?.()) ?? []) set({ relay }, positions);
    });
  }

  /**
   * The values a process's services keep themselves, read at each scrape (nothing is counted here, so
   * nothing is counted twice, and a gauge says what is true now). Called once the services are up, with
   * those this process runs: a metric of a service the process does not run is absent, not 0.
   */
  observe(sources: ServiceSources): void {
    const { reservationsInFlight, outboxDepth, mailFailures } = sources;
    if (reservationsInFlight)
      this.gauge('billing_reservations_in_flight', 'Allowance units reserved for an issuance and neither confirmed nor released yet', [], async (set) =>
        set({}, await reservationsInFlight()),
      );
    if (outboxDepth)
      this.gauge('notifications_outbox_depth', 'Mails queued and neither sent nor given up on (without SMTP_URL: every mail queued, none is sent)', [], async (set) =>
        set({}, await outboxDepth()),
      );
    if (mailFailures)
      new Counter({
        name: 'notifications_mail_failures_total',
        help: 'Mail send attempts that failed since the process started, by reason (smtp: the server refused or was unreachable; store: sent, but not recorded)',
        labelNames: ['reason'],
        registers: [this.registry],
        collect() {
          this.reset();
          for (const [reason, count] of Object.entries(mailFailures())) this.inc({ reason }, count);
        },
      });
  }

  /**
   * A gauge read at scrape time. A source that fails (e.g. a read model closing) leaves it without
   * samples, or NaN when it has no labels (never a 0 that looks healthy); /metrics still answers.
   */
  private gauge<L extends string>(name: string, help: string, labelNames: L[], read: (set: (labels: Partial<Record<L, string>>, value: number) => void) => Promise<void>): void {
    new Gauge({
      name,
      help,
      labelNames,
      registers: [this.registry],
      async collect() {
        this.reset();
        const values: [Partial<Record<L, string>>, number][] = [];
        try {
          await read((labels, value) => values.push([labels, value]));
        } catch {
          if (labelNames.length === 0) this.set(NaN);
          return;
        }
        for (const [labels, value] of values) this.set(labels, value);
      },
    });
  }

  /** `ok`, or the stable code of a DomainError (bounded), or `error`. */
  static outcome(error?: unknown): string {
    if (error === undefined) return 'ok';
    const code = (error as { code?: unknown }).code;
    return typeof code === 'string' && /^[A-Z][A-Z0-9_]{1,63}$/.test(code) ? code : 'error';
  }
}
