import { CERTIFICATE_TEXT_INVALID, certificateText, unsafeCharacter } from './certificate-text';

describe('certificate text', () => {
  const name = certificateText(64);

  it.each([
    ['a C0 control', 'Bank\u0007 plc', 'U+0007'],
    ['NUL', 'Bank\u0000', 'U+0000'],
    ['DEL', 'Bank\u007f', 'U+007F'],
    ['a C1 control', 'Bank\u0085', 'U+0085'],
    ['the right-to-left override U+202E', 'Bank \u202Elc', 'U+202E'],
    ['U+202A', '\u202Aa', 'U+202A'],
    ['a bidi isolate U+2066', 'a\u2066b', 'U+2066'],
    ['U+2069', 'a\u2069', 'U+2069'],
    ['the left-to-right mark U+200E', 'a\u200Eb', 'U+200E'],
    ['the right-to-left mark U+200F', 'a\u200Fb', 'U+200F'],
    ['the Arabic letter mark U+061C', 'a\u061Cb', 'U+061C'],
    ['a zero-width space U+200B', 'Ba\u200Bnk', 'U+200B'],
    ['a zero-width joiner U+200D', 'a\u200Db', 'U+200D'],
    ['a word joiner U+2060', 'a\u2060b', 'U+2060'],
    ['a byte order mark U+FEFF', 'a\uFEFFb', 'U+FEFF'],
  ])('refuses %s, naming the character, with a stable code', (_, text, code) => {
    const result = name.safeParse(text);
    expect(result.success).toBe(false);
    expect(result.error!.issues[0]).toMatchObject({ message: expect.stringContaining(code), params: { code: CERTIFICATE_TEXT_INVALID } });
  });

  it('accepts letters of any script, accents, punctuation and ordinary spaces; trims', () => {
    for (const text of ['University of Example', 'Université de Genève', 'Ελληνικό Πανεπιστήμιο', 'جامعة', '大学', "King's College (London) - A&B, Ltd."])
      expect(name.parse(text)).toBe(text);
    expect(name.parse('  Example  ')).toBe('Example');
  });

  it('keeps to the upper bound it is given (RFC 5280 ub-organization-name: 64) and refuses empty text', () => {
    expect(name.safeParse('x'.repeat(64)).success).toBe(true);
    expect(name.safeParse('x'.repeat(65)).error!.issues[0].message).toContain('at most 64');
    expect(name.safeParse('   ').success).toBe(false);
    expect(certificateText(128).safeParse('x'.repeat(128)).success).toBe(true);
  });

  it('unsafeCharacter finds the first offender and its position', () => {
    expect(unsafeCharacter('ok')).toBeUndefined();
    expect(unsafeCharacter('ab\u200Bc\u202E')).toBe('U+200B at position 3');
  });
});
