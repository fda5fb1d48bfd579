/** The gateway's CRL copies over the in-process bus, with issuance's two CRL queries answered by a test responder. */
import { Issuance } from '@platform/contracts';
import { ManualClock } from '@platform/kernel';
import { InProcessBus, serveRequest } from '@platform/messaging';
import { CRL_RECHECK_MS, CrlCopies, notModified } from './crl-copies';

const DAY = 86_400_000;

describe('CRL copies in the gateway', () => {
  const clock = new ManualClock(new Date('2026-12-01T10:00:00Z'));
  let bus: InProcessBus;
  let held: { number: number; thisUpdate: string; der: Buffer };
  const asked = { info: 0, crl: 0 };
  let now = 0;
  const copies = () => new CrlCopies(bus, clock);

  beforeEach(async () => {
    bus = new InProcessBus();
    held = { number: 7, thisUpdate: clock.now().toISOString(), der: Buffer.from('crl number 7') };
    asked.info = asked.crl = 0;
    const times = () => ({ number: held.number, thisUpdate: held.thisUpdate, nextUpdate: new Date(Date.parse(held.thisUpdate) + 7 * DAY).toISOString() });
    await serveRequest(bus, Issuance.GetCrlInfo, async () => (asked.info++, { ...times(), sha256: 'x' }));
    await serveRequest(bus, Issuance.GetCrl, async () => (asked.crl++, { ...times(), crlDer: held.der.toString('base64') }));
    // Process time as the copies see it, moved by the test.
    now = 1_000_000;
    jest.spyOn(performance, 'now').mockImplementation(() => now);
  });

  afterEach(async () => {
    jest.restoreAllMocks();
    await bus.close();
  });

  it('200 concurrent downloads ask issuance once, and fetch the CRL once', async () => {
    const crls = copies();
    const all = await Promise.all(Array.from({ length: 200 }, () => crls.current('tls-rsa')));
    expect(new Set(all.map((c) => c.number))).toEqual(new Set([7]));
    expect(asked).toEqual({ info: 1, crl: 1 });
    expect(all[0].der.equals(held.der)).toBe(true);
  });

  it('serves a fresh copy without asking; past a second it asks again in the background; past ten seconds it does not serve it', async () => {
    const crls = copies();
    expect(crls.fresh('tls-rsa')).toBeUndefined();
    await crls.current('tls-rsa');
    now += CRL_RECHECK_MS - 1;
    expect(crls.fresh('tls-rsa')?.number).toBe(7);
    expect(asked.info).toBe(1);

    held = { number: 8, thisUpdate: clock.now().toISOString(), der: Buffer.from('crl number 8') };
    now += 1;
    expect(crls.fresh('tls-rsa')?.number).toBe(7); // served at once, stale
    await crls.current('tls-rsa'); // joins the background check
    expect(asked).toEqual({ info: 2, crl: 2 });
    expect(crls.fresh('tls-rsa')?.number).toBe(8);

    now += 10_000;
    expect(crls.fresh('tls-rsa')).toBeUndefined();
  });

  it('does not serve a day-old copy from memory (issuance publishes the next one), and never goes back to a lower number', async () => {
    const crls = copies();
    await crls.current('tls-rsa');
    clock.advance(DAY);
    expect(crls.fresh('tls-rsa')).toBeUndefined();
    clock.advance(-DAY);

    held = { number: 9, thisUpdate: clock.now().toISOString(), der: Buffer.from('crl number 9') };
    expect((await crls.current('tls-rsa')).number).toBe(9);
    held = { number: 8, thisUpdate: clock.now().toISOString(), der: Buffer.from('a lagging instance') };
    expect((await crls.current('tls-rsa')).number).toBe(9);
    expect(asked.crl).toBe(2);
  });

  it('answers 304 by RFC 9110: If-None-Match (weak comparison, lists, *) first, else If-Modified-Since', () => {
    const copy = { etag: '"abc"', thisUpdate: new Date('2026-12-01T10:00:00Z') };
    expect(notModified(copy, { 'if-none-match': '"abc"' })).toBe(true);
    expect(notModified(copy, { 'if-none-match': 'W/"abc"' })).toBe(true);
    expect(notModified(copy, { 'if-none-match': '"x", "abc"' })).toBe(true);
    expect(notModified(copy, { 'if-none-match': '*' })).toBe(true);
    expect(notModified(copy, { 'if-none-match': '"x"', 'if-modified-since': 'Tue, 01 Dec 2026 10:00:00 GMT' })).toBe(false);
    expect(notModified(copy, { 'if-modified-since': 'Tue, 01 Dec 2026 10:00:00 GMT' })).toBe(true);
    expect(notModified(copy, { 'if-modified-since': 'Tue, 01 Dec 2026 09:59:59 GMT' })).toBe(false);
    expect(notModified(copy, { 'if-modified-since': 'not a date' })).toBe(false);
    expect(notModified(copy, {})).toBe(false);
  });
});
