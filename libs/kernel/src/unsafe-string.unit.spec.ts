import { findUnsafeString, unsafeStringReason } from './unsafe-string';

describe('unsafe strings', () => {
  it('finds NUL characters and lone surrogates, and lets everything else through', () => {
    expect(unsafeStringReason('PO\u0000X')).toMatch(/NUL/);
    expect(unsafeStringReason('x\uD800')).toMatch(/lone UTF-16 surrogate/);
    expect(unsafeStringReason('\uDC00x')).toMatch(/lone UTF-16 surrogate/);
    for (const fine of ['', "O'Brien \\ ?", 'café 😀', '\u202E\u200B\t\n', '\uD83D\uDE00']) expect(unsafeStringReason(fine)).toBeUndefined();
  });

  it('names the first bad field of a nested value, member names included, in document order', () => {
    expect(findUnsafeString({ poNumber: 'PO\u0000X' })).toEqual({ path: 'poNumber', reason: 'holds a NUL character (U+0000)' });
    expect(findUnsafeString({ a: 'ok', identifiers: [{ value: 'ok' }, { value: 'b\uD800' }], z: '\u0000' })?.path).toBe('identifiers[1].value');
    expect(findUnsafeString({ ['k\u0000']: 1 })).toEqual({ path: 'k\\u0000', reason: 'is a member name that holds a NUL character (U+0000)' });
    expect(findUnsafeString('\u0000')?.path).toBe('(root)');
    expect(findUnsafeString({ n: 1, b: true, x: null, s: 'fine', list: ['a', ['b']] })).toBeUndefined();
  });

  it('walks a deeply nested value without overflowing the stack', () => {
    let deep: unknown = 'x\u0000';
    for (let i = 0; i < 200_000; i++) deep = [deep];
    expect(findUnsafeString(deep)?.reason).toMatch(/NUL/);
  });
});
