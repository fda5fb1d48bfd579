import { GrowOnlyMap } from './grow-only-map';

describe('GrowOnlyMap', () => {
  it('each version sees only what was added before it', () => {
    const v0 = GrowOnlyMap.empty<number>();
    const v1 = v0.with('a', 1);
    const v2 = v1.with('b', 2);
    expect([v0.size, v1.size, v2.size]).toEqual([0, 1, 2]);
    expect(v0.get('a')).toBeUndefined();
    expect(v1.toJSON()).toEqual({ a: 1 });
    expect(v2.toJSON()).toEqual({ a: 1, b: 2 });
    expect(v1.has('b')).toBe(false);
  });

  it('a branch from an older version does not leak into the newer one, nor the newer into the branch', () => {
    const v1 = GrowOnlyMap.empty<string>().with('a', 'x');
    const main = v1.with('b', 'main');
    const branch = v1.with('b', 'branch').with('c', 'only in branch');
    expect(main.toJSON()).toEqual({ a: 'x', b: 'main' });
    expect(branch.toJSON()).toEqual({ a: 'x', b: 'branch', c: 'only in branch' });
    expect(main.with('d', 'after').toJSON()).toEqual({ a: 'x', b: 'main', d: 'after' });
  });

  it('keeps the first value of a key', () => {
    const v = GrowOnlyMap.empty<number>().with('a', 1);
    expect(v.with('a', 2)).toBe(v);
  });
});
