import { csvField, csvRecord } from './csv';

describe('CSV', () => {
  it('quotes fields with commas, quotes and line breaks (RFC 4180)', () => {
    expect(csvRecord(['a,b', 'say "hi"', 'two\nlines', undefined, null, 7])).toBe('"a,b","say ""hi""","two\nlines",,,7\r\n');
  });

  it.each([
    ['=HYPERLINK("x")', `"'=HYPERLINK(""x"")"`],
    ['+1+1', "'+1+1"],
    ['-2+3', "'-2+3"],
    ['@SUM(A1)', "'@SUM(A1)"],
    ['\t=1', "'\t=1"],
    ['\r=1', `"'\r=1"`],
  ])('keeps %j as text, not a formula', (value, expected) => {
    expect(csvField(value)).toBe(expected);
  });

  it('leaves plain negative numbers as numbers', () => {
    expect(csvField('-12')).toBe('-12');
    expect(csvField('-0.5')).toBe('-0.5');
  });
});
