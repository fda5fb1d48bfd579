import { createHash } from 'node:crypto';
import { GENESIS_HASH, canonicalJson, chainHashes, chainText, eventHash } from './hash-chain';

describe('hash chain', () => {
  it('writes canonical JSON: keys sorted at every depth, no whitespace, undefined fields dropped', () => {
    expect(canonicalJson({ b: 1, a: { d: [2, { z: null, y: 'x' }], c: undefined } })).toBe('{"a":{"d":[2,{"y":"x","z":null}]},"b":1}');
    expect(canonicalJson({ b: 1, a: 2 })).toBe(canonicalJson({ a: 2, b: 1 }));
  });

  it('hashes the previous hash, the revision (4 bytes, big-endian) and the canonical text, so a store can chain in SQL', () => {
    const text = chainText({ streamId: 's-1', id: 'AB', type: 'T', data: { x: 1 }, metadata: { correlationId: 'c', occurredAt: 't' } });
    expect(text).toBe('{"data":{"x":1},"id":"ab","metadata":{"correlationId":"c","occurredAt":"t"},"streamId":"s-1","type":"T"}');
    const expected = createHash('sha256').update(Buffer.concat([GENESIS_HASH, Buffer.from([0, 0, 1, 2]), Buffer.from(text)])).digest();
    expect(eventHash(GENESIS_HASH, 258, text)).toEqual(expected);
  });

  it('chains each event to the one before it', () => {
    const e = (i: number) => ({ streamId: 's-1', id: `id-${i}`, type: 'T', data: { i }, metadata: { correlationId: 'c', occurredAt: 't' } });
    const [h0, h1] = chainHashes(GENESIS_HASH, 0, [e(0), e(1)]);
    expect(h1).toEqual(eventHash(h0, 1, chainText(e(1))));
    expect(chainHashes(h0, 1, [e(1)])[0]).toEqual(h1);
  });
});
