import { dnsNameProblem, normaliseDnsNames } from './dns-name';

describe('dnsNameProblem', () => {
  it.each([
    'example.ac.uk',
    'www.example.com',
    'a.b.c.d.example.org',
    '*.example.ac.uk',
    'xn--bcher-kva.example.com',
    'my-host.example.com',
    '1host.example.com',
    `${'a'.repeat(63)}.example.com`,
    `${Array(4).fill('a'.repeat(61)).join('.')}.uk`, // 4 × 61 + 3 dots + ".uk" = 250
  ])('accepts %s', (name) => {
    expect(dnsNameProblem(name)).toBeNull();
  });

  it.each([
    ['', /empty/],
    ['foo bar.example.com', /whitespace/],
    ['foo_bar.example.com', /underscore/],
    ['bücher.example.com', /non-ASCII.*punycode/],
    ['*.*.example.ac.uk', /wildcard that is not the left-most/],
    ['foo.*.example.ac.uk', /wildcard that is not the left-most/],
    ['f*o.example.com', /partial wildcard/],
    ['*.com', /top-level domain/],
    ['*', /single-label/],
    ['intranet', /single-label/],
    ['x.local', /"\.local"/],
    ['db.internal', /"\.internal"/],
    ['example.com.', /trailing dot/],
    ['a..example.com', /empty label/],
    ['.example.com', /empty label/],
    ['-a.example.com', /hyphen/],
    ['a-.example.com', /hyphen/],
    ['ab--cd.example.com', /third and fourth/],
    ['xn--zz.example.com', /not valid punycode/],
    [`${'a'.repeat(64)}.example.com`, /longer than 63/],
    [`${Array(5).fill('a'.repeat(50)).join('.')}.uk`, /longer than 253/],
    ['10.0.0.1', /IP address/],
    ['host!.example.com', /other than letters/],
  ])('refuses %j', (name, reason) => {
    expect(dnsNameProblem(name)).toMatch(reason);
  });
});

describe('normaliseDnsNames', () => {
  it('lower-cases and folds duplicates, keeping first-seen order', () => {
    expect(normaliseDnsNames(['B.example.com', 'a.example.com', 'b.EXAMPLE.com'])).toEqual({
      names: ['b.example.com', 'a.example.com'],
      problems: [],
    });
  });

  it('reports every bad name, as written', () => {
    const { problems } = normaliseDnsNames(['ok.example.com', 'Bad_One.example.com', 'x.local']);
    expect(problems.map((p) => p.name)).toEqual(['Bad_One.example.com', 'x.local']);
  });
});
