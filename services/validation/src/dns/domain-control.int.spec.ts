import { type Server, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { TestDnsServer } from '@platform/testing';
import type { ValidationConfig } from '../validation.config';
import { DnsClient } from './dns-client';
import { isPrivateAddress } from '@platform/kernel';
import { checkDomainControl } from './domain-control';

const TOKEN = '0123456789abcdef0123456789abcdef0123456789abcdef';
const DOMAIN = 'example.ac.uk';

/** Each DCV method against a real DNS server and a real HTTP server on loopback. */
describe('domain control checks (real DNS and HTTP on 127.0.0.1)', () => {
  let dns: TestDnsServer;
  let http: Server;
  /** the same files on [::1] (its own port), for the IPv6 checks */
  let http6: Server;
  /** the local address of each request served, to see which family a check used */
  let servedOn: string[];
  let files: Record<string, { status: number; body?: string; location?: string; delayMs?: number }>;
  let config: ValidationConfig;
  let client: DnsClient;

  beforeAll(async () => {
    dns = await TestDnsServer.start();
    const serve = (req: import('node:http').IncomingMessage, res: import('node:http').ServerResponse) => {
      servedOn.push(req.socket.localAddress ?? '');
      const file = files[`${req.headers.host?.split(':')[0]}${req.url}`];
      if (!file) return void res.writeHead(404).end('not found');
      setTimeout(() => res.writeHead(file.status, file.location ? { location: file.location } : {}).end(file.body ?? ''), file.delayMs ?? 0);
    };
    http = createServer(serve);
    await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
    http6 = createServer(serve);
    await new Promise<void>((resolve) => http6.listen(0, '::1', resolve));
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
    await new Promise((resolve) => http6.close(resolve));
  });
  beforeEach(() => {
    dns.reset();
    files = {};
    servedOn = [];
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

  describe('HTTP file over IPv6: AAAA asked with A, private ranges refused in both families', () => {
    const path = `/.well-known/pki-validation/${TOKEN}.txt`;
    const v6 = () => ({ ...config, httpPort: (http6.address() as AddressInfo).port });

    it('reaches a name that has only an AAAA record, on [::1]', async () => {
      dns.add({ name: `v6.${DOMAIN}`, type: 'AAAA', data: '::1' });
      files[`v6.${DOMAIN}${path}`] = { status: 200, body: TOKEN };
      expect(await checkDomainControl(client, v6(), 'http-file', `v6.${DOMAIN}`, TOKEN)).toEqual({ found: true });
      expect(servedOn).toEqual(['::1']);
      expect(dns.questions).toEqual(expect.arrayContaining([`v6.${DOMAIN} AAAA`, `v6.${DOMAIN} A`]));
    });

    it('a name with both records is reached on one of them (here only [::1] listens on that port)', async () => {
      dns.add({ name: `dual.${DOMAIN}`, type: 'AAAA', data: '::1' }, { name: `dual.${DOMAIN}`, type: 'A', data: '127.0.0.1' });
      files[`dual.${DOMAIN}${path}`] = { status: 200, body: TOKEN };
      expect(await checkDomainControl(client, v6(), 'http-file', `dual.${DOMAIN}`, TOKEN)).toEqual({ found: true });
      expect(servedOn).toEqual(['::1']);
    });

    it('refuses [::1] unless private addresses are allowed (tests only)', async () => {
      dns.add({ name: `v6.${DOMAIN}`, type: 'AAAA', data: '::1' });
      files[`v6.${DOMAIN}${path}`] = { status: 200, body: TOKEN };
      expect(await checkDomainControl(client, { ...v6(), httpAllowPrivate: false }, 'http-file', `v6.${DOMAIN}`, TOKEN)).toEqual({
        found: false,
        reason: expect.stringContaining('(EPRIVATEADDRESS)'),
      });
      expect(servedOn).toEqual([]);
    });

    it('fails with the DNS error when neither record can be read', async () => {
      dns.fail(`gone.${DOMAIN}`, 'SERVFAIL');
      expect(await checkDomainControl(client, v6(), 'http-file', `gone.${DOMAIN}`, TOKEN)).toEqual({ found: false, reason: expect.stringContaining('ESERVFAIL') });
    });
  });

  it.each([
    ['127.0.0.1', true],
    ['10.1.2.3', true],
    ['172.31.255.255', true],
    ['192.168.0.1', true],
    ['169.254.169.254', true],
    ['100.64.0.1', true],
    ['0.0.0.0', true],
    ['255.255.255.255', true],
    ['224.0.0.1', true],
    ['::', true],
    ['::1', true],
    ['fc00::1', true],
    ['fd12:3456::1', true],
    ['fe80::1', true],
    ['febf::1', true],
    ['ff02::1', true],
    ['::ffff:127.0.0.1', true],
    ['::ffff:10.0.0.1', true],
    ['::ffff:a9fe:a9fe', true],
    ['64:ff9b::a00:1', true],
    ['2001:db8::1', true],
    ['2002:c0a8:1::1', true],
    ['not an address', true],
    ['8.8.8.8', false],
    ['172.32.0.1', false],
    ['2001:4860:4860::8888', false],
    ['2a00:1450:4009:81f::200e', false],
    ['::ffff:8.8.8.8', false],
    ['fec0::1', true],
  ])('%s is private: %s', (address, isPrivate) => {
    expect(isPrivateAddress(address)).toBe(isPrivate);
  });
});
