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
    /** read at scrape time: each projection's lag behind its event store */
    projectionLag: () => Promise<{ projection: string; events: number }[]> = async () => [],
  ) {
    this.registry.setDefaultLabels({ services });
    collectDefaultMetrics({ register: this.registry });
    new Gauge({
      name: 'projection_lag_positions',
      help: 'How far each read model projection is behind the head of its event store, in log positions',
      labelNames: ['projection'],
      registers: [this.registry],
      async collect() {
        this.reset();
        for (const { projection, events } of await projectionLag()) this.set({ projection }, events);
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
