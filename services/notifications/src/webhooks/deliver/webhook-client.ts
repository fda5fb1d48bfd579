import { lookup as dnsLookup } from 'node:dns';
import { readFileSync } from 'node:fs';
import { request } from 'node:https';
import type { LookupFunction } from 'node:net';
import { performance } from 'node:perf_hooks';
import { rootCertificates } from 'node:tls';
import { isPrivateAddress } from '@platform/kernel';
import type { WebhooksConfig } from '../../notifications.config';

export interface AttemptResult {
  statusCode?: number;
  error?: string;
  durationMs: number;
}

const MAX_RESPONSE = 64 * 1024;

/**
 * POSTs one signed delivery. HTTPS only, no redirects followed (a 3xx is a failed attempt), the
 * system's CAs plus WEBHOOK_CA_FILE's, never a switched-off certificate check. Names resolve afresh
 * for every attempt and, unless allowed (tests), special-purpose addresses are left out, as DCV does.
 */
export class WebhookClient {
  private readonly ca?: string[];

  constructor(private readonly config: WebhooksConfig) {
    if (config.caFile) this.ca = [...rootCertificates, readFileSync(config.caFile, 'utf8')];
  }

  post(url: string, headers: Record<string, string>, body: string): Promise<AttemptResult> {
    const started = performance.now();
    const elapsed = () => Math.round(performance.now() - started);
    const lookup: LookupFunction = (hostname, options, callback) =>
      dnsLookup(hostname, { all: true }, (error, resolved) => {
        if (error) return callback(error, '', 4);
        const usable = this.config.allowPrivate ? resolved : resolved.filter((r) => !isPrivateAddress(r.address));
        if (usable.length === 0) return callback(Object.assign(new Error(`${hostname} resolves to private addresses only`), { code: 'EPRIVATEADDRESS' }), '', 4);
        if (options.all) callback(null, usable);
        else callback(null, usable[0].address, usable[0].family);
      });
    return new Promise((resolve) => {
      const target = new URL(url);
      if (target.protocol !== 'https:') return resolve({ error: 'the endpoint is not https', durationMs: 0 });
      const host = target.hostname.replace(/^\[|\]$/g, '');
      if (!this.config.allowPrivate && isPrivateAddressLiteral(host)) return resolve({ error: 'the endpoint is a private address', durationMs: 0 });
      const req = request(
        target,
        {
          method: 'POST',
          agent: false,
          lookup,
          ...(this.ca ? { ca: this.ca } : {}),
          timeout: this.config.timeoutMs,
          headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), 'user-agent': 'certificate-service-webhooks/1', ...headers },
        },
        (res) => {
          let size = 0;
          res.on('data', (chunk: Buffer) => {
            size += chunk.length;
            if (size > MAX_RESPONSE) res.destroy();
          });
          res.on('close', () => resolve({ statusCode: res.statusCode ?? 0, durationMs: elapsed() }));
          res.on('error', () => undefined);
        },
      );
      req.on('timeout', () => req.destroy(new Error(`no answer within ${this.config.timeoutMs} ms`)));
      req.on('error', (error) => resolve({ error: error.message, durationMs: elapsed() }));
      req.end(body);
    });
  }
}

const isPrivateAddressLiteral = (host: string) => /^[\d.]+$|:/.test(host) && isPrivateAddress(host);
