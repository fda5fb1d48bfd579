import { TestDnsServer } from '@platform/testing';
import { checkCaa } from './caa';
import { DnsClient } from './dns-client';

type Rec = { name: string; flags?: number; tag: 'issue' | 'issuewild' | 'iodef'; value: string };
const CA = ['ca.example.net'];

/**
 * RFC 8659 against a real DNS server on loopback: records are served over UDP and read by node's
 * resolver; each row gives the records, the name asked, and the outcome expected.
 */
describe('CAA (RFC 8659) through a real DNS server', () => {
  let dns: TestDnsServer;
  let client: DnsClient;

  beforeAll(async () => {
    dns = await TestDnsServer.start();
    client = new DnsClient({ server: dns.address, timeoutMs: 300 });
  });
  afterAll(() => dns.close());
  beforeEach(() => dns.reset());

  const serve = (records: Rec[]) => {
    dns.add({ name: 'example.ac.uk', type: 'A', data: '127.0.0.1' });
    for (const r of records) dns.add({ name: r.name, type: 'CAA', data: { flags: r.flags, tag: r.tag, value: r.value } });
  };

  it.each<[string, Rec[], string, string, string]>([
    ['no CAA anywhere: allowed', [], 'www.example.ac.uk', 'allowed', ''],
    ['issue for this CA at the name', [{ name: 'www.example.ac.uk', tag: 'issue', value: 'ca.example.net' }], 'www.example.ac.uk', 'allowed', 'www.example.ac.uk'],
    ['issue for another CA at the name', [{ name: 'www.example.ac.uk', tag: 'issue', value: 'other-ca.test' }], 'www.example.ac.uk', 'forbidden', 'www.example.ac.uk'],
    ['climbs to the parent', [{ name: 'example.ac.uk', tag: 'issue', value: 'other-ca.test' }], 'a.b.www.example.ac.uk', 'forbidden', 'example.ac.uk'],
    ['climbs to the TLD level', [{ name: 'ac.uk', tag: 'issue', value: 'ca.example.net; account=1' }], 'www.example.ac.uk', 'allowed', 'ac.uk'],
    [
      'the closest non-empty set wins over the parent',
      [
        { name: 'example.ac.uk', tag: 'issue', value: 'other-ca.test' },
        { name: 'www.example.ac.uk', tag: 'issue', value: 'ca.example.net' },
      ],
      'www.example.ac.uk',
      'allowed',
      'www.example.ac.uk',
    ],
    ['one of several issue values', [
      { name: 'example.ac.uk', tag: 'issue', value: 'other-ca.test' },
      { name: 'example.ac.uk', tag: 'issue', value: 'CA.Example.Net' },
    ], 'example.ac.uk', 'allowed', 'example.ac.uk'],
    ['issue ";" forbids everyone', [{ name: 'example.ac.uk', tag: 'issue', value: ';' }], 'www.example.ac.uk', 'forbidden', 'example.ac.uk'],
    ['only iodef: unrestricted', [{ name: 'example.ac.uk', tag: 'iodef', value: 'mailto:sec@example.ac.uk' }], 'www.example.ac.uk', 'allowed', 'example.ac.uk'],
    ['wildcard: issuewild for this CA wins over issue for another', [
      { name: 'example.ac.uk', tag: 'issue', value: 'other-ca.test' },
      { name: 'example.ac.uk', tag: 'issuewild', value: 'ca.example.net' },
    ], '*.example.ac.uk', 'allowed', 'example.ac.uk'],
    ['wildcard: issuewild for another CA forbids though issue allows', [
      { name: 'example.ac.uk', tag: 'issue', value: 'ca.example.net' },
      { name: 'example.ac.uk', tag: 'issuewild', value: 'other-ca.test' },
    ], '*.example.ac.uk', 'forbidden', 'example.ac.uk'],
    ['wildcard without issuewild falls back to issue', [{ name: 'example.ac.uk', tag: 'issue', value: 'other-ca.test' }], '*.example.ac.uk', 'forbidden', 'example.ac.uk'],
    ['non-wildcard ignores issuewild', [
      { name: 'example.ac.uk', tag: 'issue', value: 'ca.example.net' },
      { name: 'example.ac.uk', tag: 'issuewild', value: ';' },
    ], 'www.example.ac.uk', 'allowed', 'example.ac.uk'],
    ['wildcard search starts at the base name', [{ name: 'www.example.ac.uk', tag: 'issue', value: 'other-ca.test' }], '*.www.example.ac.uk', 'forbidden', 'www.example.ac.uk'],
    ['an unknown tag marked critical forbids', [{ name: 'example.ac.uk', flags: 128, tag: 'tbs' as 'issue', value: 'x' }], 'www.example.ac.uk', 'forbidden', 'example.ac.uk'],
    ['an unknown tag not critical is ignored', [{ name: 'example.ac.uk', flags: 0, tag: 'tbs' as 'issue', value: 'x' }], 'www.example.ac.uk', 'allowed', 'example.ac.uk'],
    ['a known tag marked critical is honoured', [{ name: 'example.ac.uk', flags: 128, tag: 'issue', value: 'ca.example.net' }], 'www.example.ac.uk', 'allowed', 'example.ac.uk'],
  ])('%s', async (_, records, name, outcome, at) => {
    serve(records);
    const verdict = await checkCaa(client, name, CA);
    expect(verdict.outcome).toBe(outcome);
    if (at) expect(verdict).toMatchObject({ at });
  });

  it.each([
    ['SERVFAIL at the name', 'www.example.ac.uk', 'ESERVFAIL'],
    ['REFUSED on the parent while climbing', 'example.ac.uk', 'EREFUSED'],
    ['no answer (timeout)', 'www.example.ac.uk', 'ETIMEOUT'],
  ] as const)('a DNS failure refuses (fail closed): %s', async (label, failing, code) => {
    serve([]);
    dns.fail(failing, label.includes('timeout') ? 'drop' : label.startsWith('SERVFAIL') ? 'SERVFAIL' : 'REFUSED');
    expect(await checkCaa(client, 'www.example.ac.uk', CA)).toEqual({ outcome: 'lookup-failed', at: failing, error: code });
  });

  it('a lost answer is asked again while the budget lasts (c-ares alone gives up after about a second)', async () => {
    const patient = new DnsClient({ server: dns.address, timeoutMs: 3000 });
    serve([{ name: 'www.example.ac.uk', tag: 'issue', value: 'ca.example.net' }]);
    dns.fail('www.example.ac.uk', 'drop-once');
    expect(await checkCaa(patient, 'www.example.ac.uk', CA)).toEqual({ outcome: 'allowed', at: 'www.example.ac.uk' });
    expect(dns.questions).toEqual(['www.example.ac.uk CAA', 'www.example.ac.uk CAA']);
  });

  it('NXDOMAIN and NODATA are answers, not failures: the climb goes on to the parent', async () => {
    serve([{ name: 'example.ac.uk', tag: 'issue', value: 'other-ca.test' }]);
    // nothing-here.www… does not exist (NXDOMAIN); www… has an A record only (NODATA for CAA).
    dns.add({ name: 'www.example.ac.uk', type: 'A', data: '127.0.0.1' });
    expect(await checkCaa(client, 'nothing-here.www.example.ac.uk', CA)).toMatchObject({ outcome: 'forbidden', at: 'example.ac.uk' });
    expect(dns.questions).toEqual(['nothing-here.www.example.ac.uk CAA', 'www.example.ac.uk CAA', 'example.ac.uk CAA']);
  });
});
