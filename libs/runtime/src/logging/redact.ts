/**
 * What must never reach a log line: secret fields of logged objects (pino `redact` paths) and
 * secrets inside free text (links with tokens, bearer tokens, PEM keys and CSRs) in messages,
 * stacks and string values.
 */

export const REDACTED = '[redacted]';

/** Field names whose values are secrets wherever they sit in a logged object. */
export const SECRET_FIELDS = [
  'password',
  'newPassword',
  'currentPassword',
  'token',
  'accessToken',
  'refreshToken',
  'idToken',
  'hmacKey',
  'secret',
  'clientSecret',
  'csr',
  'privateKey',
  'passphrase',
  'authorization',
  'cookie',
  '"set-cookie"',
] as const;

/** pino paths: the field at the top and up to three levels down (`*` matches one level). */
export const REDACT_PATHS = SECRET_FIELDS.flatMap((f) => {
  const key = f.startsWith('"') ? `[${f}]` : `.${f}`;
  const top = f.startsWith('"') ? `[${f}]` : f;
  return [top, `*${key}`, `*.*${key}`, `*.*.*${key}`];
});

const TEXT_RULES: [RegExp, string][] = [
  // query strings and form bodies: ?token=…, &access_token=…, invitation links in mail text
  [/([?&;\s"'](?:token|access_token|refresh_token|id_token|code|state|password|secret|key|hmacKey)=)[^&\s#"'<>]+/gi, `$1${REDACTED}`],
  [/^((?:token|access_token|password|secret)=)[^&\s#"'<>]+/gi, `$1${REDACTED}`],
  [/\b(Bearer|Basic)\s+[\w.~+/=-]+/g, `$1 ${REDACTED}`],
  // a PEM private key or CSR, whole or cut off
  [/-----BEGIN ([A-Z0-9 ]*(?:PRIVATE KEY|CERTIFICATE REQUEST))-----[\s\S]*?(?:-----END [A-Z0-9 ]*-----|$)/g, `[redacted $1]`],
  // JSON-ish text naming a secret field: "password":"…"
  [new RegExp(`("(?:${SECRET_FIELDS.filter((f) => !f.startsWith('"')).join('|')})"\\s*:\\s*")(?:[^"\\\\]|\\\\.)*"`, 'gi'), `$1${REDACTED}"`],
];

/** The text with every secret it visibly carries replaced. */
export function sanitizeText(text: string): string {
  let out = text;
  for (const [pattern, replacement] of TEXT_RULES) out = out.replace(pattern, replacement);
  return out;
}

const SECRET_KEYS = new Set(SECRET_FIELDS.map((f) => f.replaceAll('"', '').toLowerCase()));

/**
 * A copy of `value` with its strings sanitized and its secret fields redacted, at any depth of plain
 * objects and arrays (the redact paths reach a few levels only).
 */
export function sanitizeValue(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return sanitizeText(value);
  if (depth > 8 || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((v) => sanitizeValue(v, depth + 1));
  if (value instanceof Error) return value; // pino's serializer turns it into { type, message, stack }: sanitized then
  if (Object.getPrototypeOf(value) !== Object.prototype) return value;
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, SECRET_KEYS.has(k.toLowerCase()) ? REDACTED : sanitizeValue(v, depth + 1)]));
}
