import { request } from 'node:http';
import type { LookupFunction } from 'node:net';
import type { Validation } from '@platform/contracts';
import { isPrivateAddress } from '@platform/kernel';
import type { ValidationConfig } from '../validation.config';
import { dcvLocations } from '../validation/validation.view';
import { type DnsClient, canonical } from './dns-client';

export type ControlCheck = { found: true } | { found: false; reason: string };

/** The largest body read from an HTTP validation file: the token is short. */
const MAX_BODY = 4096;

/** Looks for the token where the method says, through the configured resolver and HTTP port. Never throws. */
export async function checkDomainControl(
  dns: DnsClient,
  config: ValidationConfig,
  method: Validation.DcvMethod,
  domain: string,
  token: string,
): Promise<ControlCheck> {
  const where = dcvLocations(domain, token, config.cnameTarget);
  try {
    switch (method) {
      case 'dns-txt': {
        const values = await dns.txt(where.dnsTxt.name);
        return values.some((v) => v.trim() === token)
          ? { found: true }
          : { found: false, reason: `no TXT record at ${where.dnsTxt.name} holds the token (found ${values.length} other value(s))` };
      }
      case 'dns-cname': {
        const targets = await dns.cname(where.dnsCname.name);
        return targets.includes(canonical(config.cnameTarget))
          ? { found: true }
          : { found: false, reason: `${where.dnsCname.name} is not a CNAME to ${config.cnameTarget}${targets.length ? ` (it points to ${targets.join(', ')})` : ''}` };
      }
      case 'http-file':
        return await checkHttpFile(dns, config, domain, `/.well-known/pki-validation/${token}.txt`, token);
    }
  } catch (error) {
    const what = method === 'http-file' ? `fetching http://${domain}/.well-known/pki-validation/ failed` : 'the DNS lookup failed';
    return { found: false, reason: `${what} (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})` };
  }
}

/**
 * GETs the file over plain HTTP on the configured port, resolving every host through the configured
 * resolver, following at most `httpMaxRedirects` redirects (BR §3.2.2.4.18: to http or https URLs of
 * the same port policy; here only http on the same port, the only one we connect to).
 */
export async function checkHttpFile(dns: DnsClient, config: ValidationConfig, domain: string, path: string, token: string): Promise<ControlCheck> {
  let url = new URL(`http://${domain}:${config.httpPort}${path}`);
  for (let hop = 0; ; hop++) {
    const reply = await get(dns, url, config);
    if (reply.status >= 300 && reply.status < 400 && reply.location) {
      if (hop >= config.httpMaxRedirects) return { found: false, reason: `more than ${config.httpMaxRedirects} redirect(s) from http://${domain}${path}` };
      const next = new URL(reply.location, url);
      if (next.protocol !== 'http:' || Number(next.port || 80) !== config.httpPort)
        return { found: false, reason: `redirected to ${next.origin}, which is not http on port ${config.httpPort}` };
      url = next;
      continue;
    }
    if (reply.status !== 200) return { found: false, reason: `${url.href} answered HTTP ${reply.status}` };
    return reply.body.trim() === token ? { found: true } : { found: false, reason: `${url.href} does not hold the token` };
  }
}

function get(dns: DnsClient, url: URL, config: ValidationConfig): Promise<{ status: number; location?: string; body: string }> {
  const timeoutMs = config.httpTimeoutMs;
  // Hosts resolve through the configured resolver, never the system's: AAAA and A, the private ones left out.
  const lookup: LookupFunction = (hostname, options, callback) => {
    dns.addresses(hostname).then(
      (resolved) => {
        const usable = config.httpAllowPrivate ? resolved : resolved.filter((r) => !isPrivateAddress(r.address));
        if (usable.length === 0)
          return callback(Object.assign(new Error(`${hostname} resolves to private addresses only`), { code: 'EPRIVATEADDRESS' }), '', 4);
        if (options.all) callback(null, usable);
        else callback(null, usable[0].address, usable[0].family);
      },
      (error: NodeJS.ErrnoException) => callback(error, '', 4),
    );
  };
  return new Promise((resolve, reject) => {
    // A fresh connection each time (no keep-alive agent): every hop is resolved and checked again.
    const req = request(url, { method: 'GET', agent: false, lookup, timeout: timeoutMs, headers: { 'user-agent': 'certificate-service-dcv/1' } }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        body += chunk;
        if (body.length > MAX_BODY) res.destroy(new Error('validation file too large'));
      });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, location: res.headers.location, body }));
      res.on('error', reject);
    });
    req.on('timeout', () => req.destroy(Object.assign(new Error('timed out'), { code: 'ETIMEDOUT' })));
    req.on('error', reject);
    req.end();
  });
}
