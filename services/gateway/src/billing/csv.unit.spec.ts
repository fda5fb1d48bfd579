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
});
