import { existsSync, readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';

/** The HTTP server on loopback that answers http-01 (the platform's DCV_HTTP_PORT points at it). */
export interface ChallengeHttpServer {
  port: number;
  files: Map<string, string>;
}

/** `root`: also serve files under this directory (certbot's --webroot). */
export async function startChallengeHttpServer(root?: string): Promise<ChallengeHttpServer & { close(): Promise<void> }> {
  const files = new Map<string, string>();
  const fromRoot = (path: string) => {
    const file = root && /^\/\.well-known\/acme-challenge\/[\w-]+$/.test(path) ? join(root, path) : undefined;
    return file && existsSync(file) ? readFileSync(file, 'utf8') : undefined;
  };
  const server = createServer((req, res) => {
    const body = files.get(req.url ?? '') ?? fromRoot(req.url ?? '');
    res.writeHead(body === undefined ? 404 : 200, { 'content-type': 'text/plain' }).end(body ?? 'not found');
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  return { port: (server.address() as AddressInfo).port, files, close: () => new Promise((done) => server.close(() => done())) };
}
