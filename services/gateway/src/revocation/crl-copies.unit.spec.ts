/** The gateway's CRL copies over the in-process bus, with issuance's two CRL queries answered by a test responder. */
import { createHash } from 'node:crypto';
import { Issuance } from '@platform/contracts';
import { DomainError, ManualClock } from '@platform/kernel';
import { InProcessBus, serveRequest } from '@platform/messaging';
import { CRL_RECHECK_MS, CrlCopies, notModified } from './crl-copies';

const DAY = 86_400_000;
const sha256 = (der: Buffer) => createHash('sha256').update(der).digest('hex');

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
    await serveRequest(bus, Issuance.GetCrlInfo, async () => {
      asked.info++;
      const nextUpdate = new Date(Date.parse(held.thisUpdate) + 7 * DAY).toISOString();
      return { number: held.number, thisUpdate: held.thisUpdate, nextUpdate, sha256: sha256(held.der) };
    }, { queue: 'issuance' });
    await serveRequest(bus, Issuance.GetCrlPart, async ({ sha256: wanted, offset }) => {
      asked.crl++;
      if (wanted !== sha256(held.der)) throw new DomainError('CRL_NOT_HELD', 'conflict', 'other bytes');
      return { totalBytes: held.der.length, partDer: held.der.subarray(offset, offset + Issuance.CRL_PART_BYTES).toString('base64') };
    }, { queue: 'issuance' });
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

  it('fetches a CRL larger than a bus message in parts, and only the bytes named, whichever instance answers', async () => {
    held = { number: 11, thisUpdate: clock.now().toISOString(), der: Buffer.alloc(Issuance.CRL_PART_BYTES * 2 + 1000, 7) };
    // A second instance in the queue group holds another signature of the same CRL.
    const other = Buffer.alloc(held.der.length, 9);
    const served = { other: 0 };
    await serveRequest(
      bus,
      Issuance.GetCrlPart,
      async ({ sha256: wanted, offset }) => {
        served.other++;
        if (wanted !== sha256(other)) throw new DomainError('CRL_NOT_HELD', 'conflict', 'other bytes');
        return { totalBytes: other.length, partDer: other.subarray(offset, offset + Issuance.CRL_PART_BYTES).toString('base64') };
      },
      { queue: 'issuance' },
    );
    const copy = await copies().current('tls-rsa');
    expect(copy.der.equals(held.der)).toBe(true);
    expect(copy.number).toBe(11);
    expect(asked.crl).toBeGreaterThanOrEqual(3); // three parts from the instance holding these bytes
  });

  it('serves the copy it holds while issuance does not answer, until the copy\'s nextUpdate; with no copy, the failure', async () => {
    const crls = copies();
    await crls.current('tls-rsa');
    await bus.close(); // issuance out of reach
    now += 20_000; // past serving a stale copy: a download asks issuance
    expect((await crls.current('tls-rsa')).number).toBe(7);
    expect(crls.fresh('tls-rsa')?.number).toBe(7); // and the next downloads are answered from memory again
    await expect(crls.current('smime')).rejects.toThrow();
    clock.advance(8 * DAY); // past its nextUpdate: no longer served
    try {
      now += 20_000;
      await expect(crls.current('tls-rsa')).rejects.toThrow();
    } finally {
      clock.advance(-8 * DAY);
      bus = new InProcessBus();
    }
  });
});
