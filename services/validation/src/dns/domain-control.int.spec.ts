import { type Server, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { TestDnsServer } from '@platform/testing';
import type { ValidationConfig } from '../validation.config';
import { DnsClient } from './dns-client';
import { checkDomainControl } from './domain-control';

const TOKEN = '0123456789abcdef0123456789abcdef0123456789abcdef';
const DOMAIN = 'example.ac.uk';

/** Each DCV method against a real DNS server and a real HTTP server on loopback. */
describe('domain control checks (real DNS and HTTP on 127.0.0.1)', () => {
  let dns: TestDnsServer;
  let http: Server;
  let files: Record<string, { status: number; body?: string; location?: string; delayMs?: number }>;
  let config: ValidationConfig;
  let client: DnsClient;

  beforeAll(async () => {
    dns = await TestDnsServer.start();
    http = createServer((req, res) => {
      const file = files[`${req.headers.host?.split(':')[0]}${req.url}`];
      if (!file) return void res.writeHead(404).end('not found');
      setTimeout(() => res.writeHead(file.status, file.location ? { location: file.location } : {}).end(file.body ?? ''), file.delayMs ?? 0);
    });
    await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
    config = {
      dnsResolver: dns.address,
      dnsTimeoutMs: 300,
      httpPort: (http.address() as AddressInfo).port,
      httpTimeoutMs: 300,
      httpMaxRedirects: 2,
      httpAllowPrivate: true,
      emailLimits: { perDomain: 5, perOrganisation: 20, windowMs: 3_600_000 },
      cnameTarget: 'dcv.ca.example.net',
      caaIdentities: ['ca.example.net'],
      sweepIntervalMs: 0,
    };
    client = new DnsClient({ server: dns.address, timeoutMs: 300 });
  });
  afterAll(async () => {
    await dns.close();
    await new Promise((resolve) => http.close(resolve));
  });
  beforeEach(() => {
    dns.reset();
    files = {};
    dns.add({ name: DOMAIN, type: 'A', data: '127.0.0.1' }, { name: `www.${DOMAIN}`, type: 'A', data: '127.0.0.1' });
  });

  const check = (method: 'dns-txt' | 'dns-cname' | 'http-file') => checkDomainControl(client, config, method, DOMAIN, TOKEN);

  describe('DNS TXT at _pki-validation.<domain>', () => {
    it('finds the token among other TXT values', async () => {
      dns.add({ name: `_pki-validation.${DOMAIN}`, type: 'TXT', data: 'v=other' }, { name: `_pki-validation.${DOMAIN}`, type: 'TXT', data: TOKEN });
      expect(await check('dns-txt')).toEqual({ found: true });
    });
    it.each([
      ['no record', () => undefined, /no TXT record at _pki-validation.example.ac.uk holds the token/],
      ['another value', () => dns.add({ name: `_pki-validation.${DOMAIN}`, type: 'TXT', data: 'x'.repeat(48) }), /found 1 other value/],
      ['the token at the bare domain', () => dns.add({ name: DOMAIN, type: 'TXT', data: TOKEN }), /no TXT record/],
      ['a DNS failure', () => dns.fail(`_pki-validation.${DOMAIN}`, 'SERVFAIL'), /the DNS lookup failed \(ESERVFAIL\)/],
      ['a silent server', () => dns.fail(`_pki-validation.${DOMAIN}`, 'drop'), /the DNS lookup failed \(ETIMEOUT\)/],
    ])('not found: %s', async (_, arrange, reason) => {
      arrange();
      expect(await check('dns-txt')).toEqual({ found: false, reason: expect.stringMatching(reason) });
    });
  });

  describe('DNS CNAME _<token>.<domain> → configured target', () => {
    it('finds the CNAME to the target (case and trailing dot aside)', async () => {
      dns.add({ name: `_${TOKEN}.${DOMAIN}`, type: 'CNAME', data: 'DCV.ca.example.net' });
      expect(await check('dns-cname')).toEqual({ found: true });
    });
    it('refuses a CNAME to elsewhere, or none', async () => {
      dns.add({ name: `_${TOKEN}.${DOMAIN}`, type: 'CNAME', data: 'dcv.other-ca.test' });
      expect(await check('dns-cname')).toEqual({ found: false, reason: expect.stringContaining('it points to dcv.other-ca.test') });
      dns.reset();
      expect(await check('dns-cname')).toEqual({ found: false, reason: expect.stringContaining('is not a CNAME to dcv.ca.example.net') });
    });
  });

  describe('HTTP file /.well-known/pki-validation/<token>.txt', () => {
    const path = `/.well-known/pki-validation/${TOKEN}.txt`;

    it('finds the token in the file, the host resolved through the configured resolver', async () => {
      files[`${DOMAIN}${path}`] = { status: 200, body: `${TOKEN}\n` };
      expect(await check('http-file')).toEqual({ found: true });
      expect(dns.questions).toContain(`${DOMAIN} A`);
    });
    it('refuses to connect to a private address unless allowed (tests only)', async () => {
      files[`${DOMAIN}${path}`] = { status: 200, body: TOKEN };
      const strict = { ...config, httpAllowPrivate: false };
      expect(await checkDomainControl(client, strict, 'http-file', DOMAIN, TOKEN)).toEqual({
        found: false,
        reason: expect.stringContaining('(EPRIVATEADDRESS)'),
      });
    });
    it('follows up to the redirect limit, on the same port', async () => {
      files[`${DOMAIN}${path}`] = { status: 301, location: `http://www.${DOMAIN}:${config.httpPort}/one` };
      files[`www.${DOMAIN}/one`] = { status: 302, location: '/two' };
      files[`www.${DOMAIN}/two`] = { status: 200, body: TOKEN };
      expect(await check('http-file')).toEqual({ found: true });
    });
    it.each([
      ['no file', () => undefined, /answered HTTP 404/],
      ['a file without the token', () => (files[`${DOMAIN}${path}`] = { status: 200, body: 'hello' }), /does not hold the token/],
      [
        'too many redirects',
        () => {
          files[`${DOMAIN}${path}`] = { status: 302, location: '/a' };
          files[`${DOMAIN}/a`] = { status: 302, location: '/b' };
          files[`${DOMAIN}/b`] = { status: 302, location: '/c' };
        },
        /more than 2 redirect/,
      ],
      ['a redirect to https', () => (files[`${DOMAIN}${path}`] = { status: 302, location: `https://${DOMAIN}/x` }), /not http on port/],
      ['a slow server', () => (files[`${DOMAIN}${path}`] = { status: 200, body: TOKEN, delayMs: 1000 }), /failed \(ETIMEDOUT\)/],
      ['a name without an address (NODATA)', () => dns.remove(DOMAIN, 'A'), /failed \(ENODATA\)/],
    ])('not found: %s', async (_, arrange, reason) => {
      arrange();
      expect(await check('http-file')).toEqual({ found: false, reason: expect.stringMatching(reason) });
    });
  });
});
