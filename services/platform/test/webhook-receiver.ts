import { execFileSync } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { type Server, createServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';

export interface ReceivedWebhook {
  headers: Record<string, string>;
  body: string;
}

export interface WebhookReceiver {
  /** where to register the webhook */
  url: string;
  /** the receiver's self-signed certificate, for WEBHOOK_CA_FILE */
  caFile: string;
  /** every request, in arrival order */
  received: ReceivedWebhook[];
  /** the statuses of the next answers, in order (then 200) */
  script: number[];
  close(): Promise<void>;
}

/**
 * A loopback HTTPS receiver with a self-signed certificate written to `dir` (trusted by the platform
 * through WEBHOOK_CA_FILE, never by switching TLS checks off), answering each request with the next
 * status of its script.
 */
export async function startWebhookReceiver(dir: string): Promise<WebhookReceiver> {
  execFileSync('openssl', [
    'req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-days', '2',
    '-subj', '/CN=webhook receiver', '-addext', 'subjectAltName=IP:127.0.0.1',
    '-keyout', join(dir, 'receiver.key'), '-out', join(dir, 'receiver.pem'),
  ], { stdio: 'pipe' });
  const received: ReceivedWebhook[] = [];
  const script: number[] = [];
  const server: Server = createServer({ key: readFileSync(join(dir, 'receiver.key')), cert: readFileSync(join(dir, 'receiver.pem')) }, (req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => (body += chunk));
    req.on('end', () => {
      received.push({ headers: req.headers as Record<string, string>, body });
      res.statusCode = script.shift() ?? 200;
      res.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `https://127.0.0.1:${(server.address() as AddressInfo).port}/hooks/certificates`,
    caFile: join(dir, 'receiver.pem'),
    received,
    script,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/**
 * Standard Webhooks, checked independently of the platform's signer: `v1,` base64 HMAC-SHA256 of
 * "<webhook-id>.<webhook-timestamp>.<body>" keyed with the secret's bytes.
 */
export const signatureVerifies = (secret: string, r: ReceivedWebhook): boolean =>
  r.headers['webhook-signature'] ===
  `v1,${createHmac('sha256', Buffer.from(secret.slice('whsec_'.length), 'base64')).update(`${r.headers['webhook-id']}.${r.headers['webhook-timestamp']}.${r.body}`).digest('base64')}`;
