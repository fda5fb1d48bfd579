import { toCsv } from './csv';

describe('toCsv', () => {
  it('quotes commas, quotes and line breaks, and defuses spreadsheet formulas', () => {
    const csv = toCsv(['a', 'b'] as const, [
      { a: 'plain', b: 12 },
      { a: 'with, comma', b: 'say "hi"' },
      { a: '=SUM(A1)', b: -5 },
    ]);
    expect(csv).toBe('a,b\r\nplain,12\r\n"with, comma","say ""hi"""\r\n\'=SUM(A1),-5\r\n');
  });

  it('defuses a leading tab or carriage return, even before a number', () => {
    const csv = toCsv(['a', 'b'] as const, [
      { a: '\t=1+2', b: '\r=HYPERLINK("x")' },
      { a: '\t5', b: '+1' },
    ]);
    expect(csv).toBe('a,b\r\n\'\t=1+2,"\'\r=HYPERLINK(""x"")"\r\n\'\t5,+1\r\n');
  });
});
