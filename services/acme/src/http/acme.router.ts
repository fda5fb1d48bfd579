import { Logger } from '@nestjs/common';
import { newId } from '@platform/kernel';
import express, { type Request, type Response, type Router } from 'express';
import { AcmeProblem, malformed, problemBody, toAcmeProblem } from './acme-problem';
import type { Nonces } from './nonces';
import type { RateLimiter } from './rate-limiter';
import { type Urls, urls } from './representations';

export interface AcmeReply {
  status?: number;
  body?: unknown;
  /** a non-JSON body (the PEM chain) */
  text?: { contentType: string; data: string };
  location?: string;
  retryAfter?: number;
  links?: string[];
}

export interface AcmeCall {
  req: Request;
  urls: Urls;
  /** the URL this request was sent to, which the JWS "url" header must equal */
  url: string;
  /** the parsed JSON body of a POST */
  body: unknown;
  correlationId: string;
}

export type AcmeRoute = { method: 'get' | 'post'; path: string; handle: (call: AcmeCall) => Promise<AcmeReply> };

const logger = new Logger('Acme');

/**
 * The ACME edge's framing (RFC 8555 §6): application/jose+json only, a fresh Replay-Nonce and an
 * index link on every response, errors as ACME problem documents. Bodies are never logged: they
 * carry EAB MACs and CSRs.
 */
export function acmeRouter(routes: AcmeRoute[], nonces: Nonces, perIp?: RateLimiter, publicUrl?: string): Router {
  const router = express.Router();
  router.head('/new-nonce', (_req, res) => {
    res.setHeader('Replay-Nonce', nonces.issue());
    res.setHeader('Cache-Control', 'no-store');
    res.status(200).end();
  });
  for (const route of routes) {
    router[route.method](route.path, async (req: Request, res: Response) => {
      const base = publicUrl ?? `${req.protocol}://${req.get('host')}${req.baseUrl}`;
      const u = urls(base);
      res.setHeader('Cache-Control', 'no-store');
      res.setHeader('Link', `<${u.directory}>;rel="index"`);
      try {
        res.setHeader('Replay-Nonce', nonces.issue());
        perIp?.take(req.socket.remoteAddress ?? 'unknown');
        let body: unknown;
        if (route.method === 'post') {
          const type = (req.get('content-type') ?? '').split(';')[0].trim().toLowerCase();
          if (type !== 'application/jose+json')
            throw new AcmeProblem('malformed', `Send ACME requests as "Content-Type: application/jose+json" (got "${type || 'none'}").`, 415);
          try {
            body = JSON.parse(await readBody(req));
          } catch (error) {
            if (error instanceof AcmeProblem) throw error;
            throw malformed('The body is not JSON.');
          }
        }
        const reply = await route.handle({ req, urls: u, url: `${base}${req.path}`, body, correlationId: newId() });
        if (reply.location) res.setHeader('Location', reply.location);
        if (reply.retryAfter) res.setHeader('Retry-After', String(reply.retryAfter));
        for (const link of reply.links ?? []) res.append('Link', link);
        res.status(reply.status ?? 200);
        if (reply.text) send(res, reply.text.contentType, reply.text.data);
        else if (reply.body !== undefined) send(res, 'application/json', JSON.stringify(reply.body));
        else res.end();
      } catch (error) {
        const problem = toAcmeProblem(error);
        if (typeof problem.extra.retryAfter === 'number') res.setHeader('Retry-After', String(problem.extra.retryAfter));
        if (problem.status >= 500) logger.error(`${req.method} ${req.baseUrl}${req.path} failed`, error as Error);
        // An unread body is not read any further: the connection closes with the reply.
        if (problem.status === 413) res.setHeader('Connection', 'close');
        res.status(problem.status);
        send(res, 'application/problem+json', JSON.stringify(problemBody(problem)));
      }
    });
  }
  router.use((req: Request, res: Response) => {
    res.setHeader('Replay-Nonce', nonces.issue());
    res.status(404);
    send(res, 'application/problem+json', JSON.stringify(problemBody(malformed(`No ACME resource at ${req.baseUrl}${req.path}.`))));
  });
  return router;
}

/** Far above any ACME request (a finalize with a CSR for 100 names and an RSA-4096 key is ~40 KiB). */
const MAX_BODY_BYTES = 256 * 1024;

/**
 * The request body as UTF-8 text. Read here rather than by a body parser, which costs more than
 * the JWS check on these small bodies; an oversized body is refused without reading the rest.
 */
function readBody(req: Request): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const tooLarge = () => reject(new AcmeProblem('malformed', `The request body is larger than ${MAX_BODY_BYTES / 1024} KiB.`, 413));
    if (Number(req.headers['content-length'] ?? 0) > MAX_BODY_BYTES) return tooLarge();
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_BODY_BYTES) chunks.push(chunk);
      else {
        req.pause();
        tooLarge();
      }
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

/** The reply as Express's send would write it, without the ETag it computes: ACME replies are never cached. */
function send(res: Response, contentType: string, text: string): void {
  res.setHeader('Content-Type', `${contentType}; charset=utf-8`);
  res.setHeader('Content-Length', Buffer.byteLength(text));
  res.end(text);
}
