import type { IncomingMessage, ServerResponse } from 'node:http';
import type { PlatformMetrics } from './metrics';

type Request = IncomingMessage & { method?: string; baseUrl?: string; route?: { path?: unknown } };
type Response = ServerResponse & { locals?: { metricsRoute?: string } };

/**
 * Express middleware: times every request to its answer, labelled with the route template the
 * router matched (`/api/v1/certificates/:certificateId`), or what a handler ahead of the router
 * named (`res.locals.metricsRoute`), else `unmatched`: never the raw path, which anyone can vary.
 */
export function httpMetrics(metrics: PlatformMetrics) {
  return (req: Request, res: Response, next: () => void): void => {
    const end = metrics.http.start();
    res.once('finish', () => {
      const path = typeof req.route?.path === 'string' ? `${req.baseUrl ?? ''}${req.route.path}` : undefined;
      end({ method: req.method ?? 'GET', route: path ?? res.locals?.metricsRoute ?? 'unmatched', status: String(res.statusCode) });
    });
    next();
  };
}
