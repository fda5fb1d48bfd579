import { createServer, type Server } from 'node:http';
import type { PlatformMetrics } from './metrics';

export interface Readiness {
  ready: boolean;
  checks: Record<string, boolean>;
}

/**
 * A process's own listener for its orchestrator and Prometheus (METRICS_PORT): `/livez` (the event
 * loop answers), `/readyz` (200 once the process can do its work, else 503 with what is missing) and
 * `/metrics`. Plain node:http, ahead of nothing: it answers while the application is busy or not up.
 */
export async function startProbeServer(opts: { host: string; port: number; metrics: PlatformMetrics; readiness: () => Promise<Readiness> }): Promise<Server> {
  const server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    const json = (status: number, body: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store' });
      res.end(JSON.stringify(body));
    };
    if (req.method !== 'GET' && req.method !== 'HEAD') return json(405, { status: 'method not allowed' });
    if (path === '/livez') return json(200, { status: 'ok' });
    if (path === '/readyz')
      return void opts.readiness().then(
        (r) => json(r.ready ? 200 : 503, { status: r.ready ? 'ok' : 'unavailable', checks: r.checks }),
        () => json(503, { status: 'unavailable', checks: {} }),
      );
    if (path === '/metrics')
      return void opts.metrics.registry.metrics().then(
        (text) => {
          res.writeHead(200, { 'content-type': opts.metrics.registry.contentType, 'cache-control': 'no-store' });
          res.end(text);
        },
        () => json(500, { status: 'metrics failed' }),
      );
    json(404, { status: 'not found' });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, opts.host, () => resolve());
  });
  return server;
}
