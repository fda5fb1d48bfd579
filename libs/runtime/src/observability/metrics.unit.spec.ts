import { PlatformMetrics } from './metrics';

/** The samples of one metric in the text format, e.g. `billing_reservations_in_flight{services="billing"} 2`. */
async function samples(metrics: PlatformMetrics, name: string): Promise<string[]> {
  return (await metrics.registry.metrics()).split('\n').filter((line) => line.startsWith(`${name}{`) || line.startsWith(`${name} `));
}

describe('PlatformMetrics: values read at scrape time', () => {
  it('reads each service source at every scrape, and has no metric of a service the process does not run', async () => {
    const metrics = new PlatformMetrics('billing');
    let inFlight = 2;
    metrics.observe({ reservationsInFlight: async () => inFlight });
    expect(await samples(metrics, 'billing_reservations_in_flight')).toEqual(['billing_reservations_in_flight{services="billing"} 2']);
    inFlight = 0;
    expect(await samples(metrics, 'billing_reservations_in_flight')).toEqual(['billing_reservations_in_flight{services="billing"} 0']);
    expect(await samples(metrics, 'notifications_outbox_depth')).toEqual([]);
  });

  it('reports the counts a service keeps as a counter by reason, without adding them up across scrapes', async () => {
    const metrics = new PlatformMetrics('notifications');
    const failures = { smtp: 3, store: 0 };
    metrics.observe({ outboxDepth: async () => 1, mailFailures: () => failures });
    await metrics.registry.metrics();
    expect(await samples(metrics, 'notifications_mail_failures_total')).toEqual([
      'notifications_mail_failures_total{reason="smtp",services="notifications"} 3',
      'notifications_mail_failures_total{reason="store",services="notifications"} 0',
    ]);
  });

  it('answers when a source fails: NaN for a gauge without labels (never a healthy-looking 0), no samples for one with', async () => {
    const metrics = new PlatformMetrics('billing', { relayLag: () => Promise.reject(new Error('store closed')) });
    metrics.observe({ reservationsInFlight: () => Promise.reject(new Error('read model closed')) });
    // (prom-client writes `Nan`; Prometheus reads NaN in any case)
    expect(await samples(metrics, 'billing_reservations_in_flight')).toEqual([expect.stringMatching(/^billing_reservations_in_flight\{services="billing"\} nan$/i)]);
    expect(await samples(metrics, 'relay_lag_positions')).toEqual([]);
  });
});
