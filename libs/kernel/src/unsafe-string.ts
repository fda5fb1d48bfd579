/**
 * Strings no store can keep as sent: a NUL (PostgreSQL text refuses it, SQLite and C APIs stop at it)
 * or a lone UTF-16 surrogate (no UTF-8 form: PostgreSQL refuses it in JSON, encoders replace it).
 * The edges refuse them, field by field, before they become commands or events.
 */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** What is wrong with the string, or undefined when it is fine. */
export function unsafeStringReason(value: string): string | undefined {
  if (value.includes('\u0000')) return 'holds a NUL character (U+0000)';
  if (LONE_SURROGATE.test(value)) return 'holds a lone UTF-16 surrogate, which is not a character';
  return undefined;
}

export interface UnsafeString {
  /** where, e.g. `poNumber`, `identifiers[0].value`; `(root)` for the value itself */
  path: string;
  reason: string;
}

/** A key or value as it can be shown in a message (NUL and surrogates escaped as in JSON). */
const printable = (text: string): string => JSON.stringify(text).slice(1, -1);

const isPlainObject = (value: unknown): value is Record<string, unknown> => {
  if (typeof value !== 'object' || value === null) return false;
  const proto = Object.getPrototypeOf(value) as unknown;
  return proto === Object.prototype || proto === null;
};

/**
 * The first string (value or member name, in document order) of a parsed JSON value or query
 * object that no store can keep. Walks with its own stack: a deeply nested body cannot overflow it.
 */
export function findUnsafeString(value: unknown): UnsafeString | undefined {
  const stack: [string, unknown][] = [['', value]];
  while (stack.length > 0) {
    const [path, item] = stack.pop()!;
    if (typeof item === 'string') {
      const reason = unsafeStringReason(item);
      if (reason) return { path: path || '(root)', reason };
    } else if (Array.isArray(item)) {
      for (let i = item.length - 1; i >= 0; i--) stack.push([`${path}[${i}]`, item[i]]);
    } else if (isPlainObject(item)) {
      const entries = Object.entries(item);
      for (const [key] of entries) {
        const reason = unsafeStringReason(key);
        if (reason) return { path: path ? `${path}.${printable(key)}` : printable(key), reason: `is a member name that ${reason}` };
      }
      for (let i = entries.length - 1; i >= 0; i--) stack.push([path ? `${path}.${entries[i][0]}` : entries[i][0], entries[i][1]]);
    }
  }
  return undefined;
}
