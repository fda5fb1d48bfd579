import { isDomainError } from '@platform/kernel';
import { oid } from '../asn1/der-writer';
import { decodeOid, DerError, readTlv } from '../der';
import { derCsr, directoryString } from '../testing/csr.builders';
import { parseCsr } from './parse-csr';

describe('decodeOid', () => {
  it.each(['2.5.4.3', '1.2.840.113549.1.9.14', '1.2.840.10045.4.3.2', '2.16.840.1.101.3.4.2.1', '0.0'])('reads %s back', (dotted) => {
    expect(decodeOid(readTlv(oid(dotted)).value)).toBe(dotted);
  });

  it('reads a first arc past 2.47 (2.999.3, whose first two arcs take two octets)', () => {
    expect(decodeOid(Buffer.from('883703', 'hex'))).toBe('2.999.3');
  });

  it.each([
    ['empty', ''],
    ['truncated in an arc', '2a86'],
    ['padded with 0x80', '2a8001'],
    ['an arc past 2^53', '2affffffffffffffff7f'],
  ])('refuses %s', (_, hex) => {
    expect(() => decodeOid(Buffer.from(hex, 'hex'))).toThrow(DerError);
  });
});

describe('parseCsr on damaged DER', () => {
  it('any single corrupted byte gives a CSR_* refusal or a result, never another kind of error', async () => {
    const der = derCsr({ key: 'rsa-2048', commonNames: [directoryString(0x1e, 'a.example.com')], sans: ['a.example.com'] });
    const outcomes = new Set<string>();
    for (let i = 0; i < der.length; i++) {
      for (const value of [0x00, 0x80, 0xff, der[i] ^ 0x01]) {
        const copy = Buffer.from(der);
        copy[i] = value;
        const outcome = await parseCsr(copy).then(
          () => 'accepted',
          (e: unknown) => (isDomainError(e) ? e.code : `unexpected ${String(e)}`),
        );
        outcomes.add(outcome);
      }
    }
    expect([...outcomes].filter((o) => !/^(accepted|CSR_[A-Z_]+)$/.test(o))).toEqual([]);
    expect(outcomes).toContain('CSR_MALFORMED');
    expect(outcomes).toContain('CSR_SIGNATURE_INVALID');
  });
});
