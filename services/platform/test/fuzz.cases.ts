import fc from 'fast-check';

/**
 * Hostile requests for every operation of the gateway's OpenAPI document and every ACME endpoint:
 * malformed JSON, wrong types, NUL / lone surrogates / bidi overrides in strings, huge and deep
 * bodies, ids of every UUID version and case, unknown and repeated parameters. Every case is built
 * to be refused: the run asserts a 4xx (never a 5xx, never a success) and no event appended.
 * Random parts come from fast-check with a seed, printed by the run, so a failure can be replayed.
 */
export interface FuzzCase {
  /** what the case does, for the failure message */
  label: string;
  method: string;
  path: string;
  headers?: Record<string, string>;
  /** sent as is (already JSON text, or deliberately not JSON) */
  body?: string;
  /** a GET whose path may name a real resource (an id in another case): 2xx allowed, no event */
  mayRead?: boolean;
}

export interface OpenApiDocument {
  paths: Record<string, Record<string, { requestBody?: { content?: Record<string, { schema?: JsonSchema }> }; parameters?: Array<{ name: string; in: string }> }>>;
}
interface JsonSchema {
  type?: string;
  properties?: Record<string, JsonSchema>;
}

/** Real values for path parameters, so that a case reaches the handler and not only a 404. */
export type PathValues = Record<string, string>;

const EVIL = ['\u0000', '\ud800', '\udfff', '\u202e', '\u200b', '\u0007', '\u2028'];
/** Characters that no field may hold (the edge refuses them): the rest (bidi, zero width) are for name fields. */
const NEVER = ['\u0000', '\ud800', '\udfff'];
const enc = (s: string) => encodeURIComponent(s.replace(/[\ud800-\udfff]/g, '\ufffd'));

const uuidOfVersion = (version: number, upper: boolean) => {
  const hex = [...Array(32)].map((_, i) => '0123456789abcdef'[(i * 7 + version * 3) % 16]);
  hex[12] = version.toString(16);
  hex[16] = '9';
  const id = `${hex.slice(0, 8).join('')}-${hex.slice(8, 12).join('')}-${hex.slice(12, 16).join('')}-${hex.slice(16, 20).join('')}-${hex.slice(20).join('')}`;
  return upper ? id.toUpperCase() : id;
};

/** Path segments that name nothing real: odd ids, encodings that do not decode, traversal. */
export const HOSTILE_SEGMENTS = [
  ...[1, 3, 4, 5, 6, 7, 8].flatMap((v) => [uuidOfVersion(v, false), uuidOfVersion(v, true)]),
  '00000000-0000-0000-0000-000000000000',
  'ffffffff-ffff-ffff-ffff-ffffffffffff',
  '%00',
  '%ED%A0%80',
  '%E2%80%AE',
  '%',
  '%2e%2e%2f%2e%2e%2fetc',
  'a'.repeat(4096),
  'not-an-id',
];

const raw = (body: string) => body;
/** Bodies that are not a JSON object, or not JSON at all. */
const MALFORMED_BODIES = [
  raw('{'),
  raw('{"a":'),
  raw('nul'),
  raw('{}{}'),
  raw('[]'),
  raw('1'),
  raw('"text"'),
  raw('null'),
  raw('true'),
  raw('{"__proto__":{"polluted":1}}'),
  raw(`${'['.repeat(20_000)}${']'.repeat(20_000)}`),
  raw(JSON.stringify({ huge: 'x'.repeat(2 * 1024 * 1024) })),
];

const fill = (template: string, values: PathValues, override?: [string, string]) =>
  template.replace(/\{(\w+)\}/g, (_, name: string) => (override && override[0] === name ? override[1] : (values[name] ?? uuidOfVersion(4, false))));

/** Cases for one operation of the gateway. `base` is a valid body for it, when one is known. */
export function operationCases(
  method: string,
  template: string,
  schema: JsonSchema | undefined,
  values: PathValues,
  base: Record<string, unknown> | undefined,
  seed: number,
  queryParameters: string[] = [],
): FuzzCase[] {
  const cases: FuzzCase[] = [];
  const path = fill(template, values);
  const label = `${method} ${template}`;
  const withBody = ['POST', 'PUT', 'PATCH'].includes(method);
  const json = { 'content-type': 'application/json' };
  const send = (what: string, p: string, body?: string, extra: Partial<FuzzCase> = {}) =>
    cases.push({ label: `${label}: ${what}`, method, path: p, ...(body !== undefined ? { body, headers: json } : {}), ...extra });
  const anyBody = withBody ? JSON.stringify(base ?? {}) : undefined;

  send('unknown query parameter', `${path}?zz_unknown=1`, anyBody);
  send('repeated unknown parameter', `${path}?zz=a&zz=b`, anyBody);
  send('NUL in a query parameter', `${path}?zz=${enc('\u0000')}`, anyBody);
  send('undecodable query parameter', `${path}?zz=%ED%A0%80`, anyBody);
  // The query parameters an operation declares: none may be sent twice, hold a NUL or an undecodable
  // byte, or run to thousands of characters.
  for (const name of queryParameters) {
    send(`${name} repeated`, `${path}?${name}=a&${name}=b`, anyBody);
    send(`${name} holds NUL`, `${path}?${name}=${enc('a\u0000b')}`, anyBody);
    send(`${name} undecodable`, `${path}?${name}=%ED%A0%80`, anyBody);
    send(`${name} of 5,000 characters`, `${path}?${name}=${'x'.repeat(5000)}`, anyBody);
  }

  for (const name of [...template.matchAll(/\{(\w+)\}/g)].map((m) => m[1])) {
    for (const segment of HOSTILE_SEGMENTS) send(`${name}=${segment.slice(0, 40)}`, fill(template, values, [name, segment]), anyBody);
    // The canonical id in upper case: the same resource or none, never a second one.
    if (values[name] && /[a-f]/.test(values[name]) && method === 'GET')
      send(`${name} in upper case`, fill(template, values, [name, values[name].toUpperCase()]), undefined, { mayRead: true });
  }

  if (!withBody) return cases;
  for (const body of MALFORMED_BODIES) send(`body ${body.slice(0, 30)}`, path, body);
  send('body as text/plain', path, undefined, { body: '{}', headers: { 'content-type': 'text/plain' } });
  const valid = base ?? {};
  send('unknown field', path, JSON.stringify({ ...valid, zzUnknown: 1 }));
  const properties = Object.keys(schema?.properties ?? valid);
  const wrongTypes = fc.sample(fc.oneof(fc.integer(), fc.boolean(), fc.constant(null), fc.array(fc.integer(), { maxLength: 3 }), fc.object({ maxDepth: 1 })), {
    numRuns: 3,
    seed,
  });
  const evilStrings = fc.sample(
    fc.tuple(fc.string({ maxLength: 8 }), fc.constantFrom(...NEVER), fc.string({ maxLength: 8 })).map(([a, e, b]) => `${a}${e}${b}`),
    { numRuns: 2, seed },
  );
  for (const property of properties) {
    const typeOf = schema?.properties?.[property]?.type;
    for (const wrong of wrongTypes) if (typeof wrong !== typeOf) send(`${property}=${JSON.stringify(wrong)}`, path, JSON.stringify({ ...valid, [property]: wrong }));
    for (const evil of [...NEVER, ...evilStrings]) send(`${property} holds ${JSON.stringify(evil)}`, path, JSON.stringify({ ...valid, [property]: evil }));
    // A string where an object or array of strings is wanted: put the evil string inside.
    if (Array.isArray(valid[property]) && typeof (valid[property] as unknown[])[0] === 'string')
      send(`${property} item holds NUL`, path, JSON.stringify({ ...valid, [property]: ['a\u0000b'] }));
  }
  return cases;
}

/** Every operation in the document, except the ones a fuzz run must not touch. */
export function gatewayCases(doc: OpenApiDocument, values: PathValues, bases: Record<string, Record<string, unknown>>, seed: number): FuzzCase[] {
  return Object.entries(doc.paths).flatMap(([template, operations]) =>
    Object.entries(operations).flatMap(([method, operation]) => {
      const schema = operation.requestBody?.content?.['application/json']?.schema;
      const query = (operation.parameters ?? []).filter((p) => p.in === 'query').map((p) => p.name);
      const cases = operationCases(method.toUpperCase(), template, schema, values, bases[`${method.toUpperCase()} ${template}`], seed, query);
      // OCSP answers in its own protocol (a malformedRequest response is a 200): only no 5xx, no event.
      return template.startsWith('/ocsp') ? cases.map((c) => ({ ...c, mayRead: true })) : cases;
    }),
  );
}

/** The characters the name fields must refuse, besides the ones no field may hold. */
export const NAME_SPOOFS = EVIL.filter((c) => !NEVER.includes(c));
