import { createHash } from 'node:crypto';
import { GENESIS_HASH, canonicalJson, chainHashes, chainText, eventHash, verifyStream } from './hash-chain';

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

  it("verifies one stream's chain from the genesis hash: its head, or the first edited or missing event", () => {
    const e = (i: number) => ({ streamId: 's-1', id: `id-${i}`, type: 'T', data: { i }, metadata: { correlationId: 'c', occurredAt: 't' } });
    const hashes = chainHashes(GENESIS_HASH, 0, [0, 1, 2].map(e));
    const stream = [0, 1, 2].map((i) => ({ ...e(i), revision: i, position: BigInt(10 + i), hash: hashes[i].toString('hex') }));
    expect(verifyStream(stream)).toEqual({ head: { ...stream[2] } });
    expect(verifyStream(stream.slice(0, 2)).head?.revision).toBe(1);
    const edited = verifyStream([stream[0], { ...stream[1], data: { i: 7 } }, stream[2]]);
    expect(edited.head?.revision).toBe(0);
    expect(edited.broken).toMatchObject({ revision: 1, eventId: 'id-1', position: 11n, reason: expect.stringContaining('does not match its hash') });
    expect(verifyStream([stream[0], stream[2]]).broken).toMatchObject({ revision: 2, reason: 'revision 2 follows 0: an event is missing' });
  });
});
