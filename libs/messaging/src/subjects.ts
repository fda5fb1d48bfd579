/**
 * Subject rules shared by both adapters, so a mistake fails the same way in single-process mode
 * and against NATS: NATS wildcard matching, and the stream / subject / durable naming rules.
 */

/** NATS semantics: `*` matches exactly one token, `>` (last token only) matches one or more. */
export function subjectMatches(pattern: string, subject: string): boolean {
  const p = pattern.split('.');
  const s = subject.split('.');
  for (let i = 0; i < p.length; i++) {
    if (p[i] === '>') return i === p.length - 1 && s.length > i;
    if (i >= s.length) return false;
    if (p[i] !== '*' && p[i] !== s[i]) return false;
  }
  return p.length === s.length;
}

export const matchesAny = (patterns: readonly string[], subject: string): boolean =>
  patterns.some((p) => subjectMatches(p, subject));

/** The subjects a stream holds: `BILLING` holds `billing.evt.>`. */
export const streamSubjects = (stream: string): string => `${stream.toLowerCase()}.evt.>`;

const STREAM = /^[A-Z][A-Z0-9_-]*$/;
// NATS durable names may not contain `.`, `*`, `>` or whitespace; keep them boring.
const DURABLE = /^[A-Za-z0-9_-]+$/;

export function assertStream(stream: string): void {
  if (!STREAM.test(stream)) throw new Error(`bad stream name "${stream}": upper-case letters, digits, - and _`);
}

/** Programming errors (not DomainErrors): a subject outside its stream would never be stored. */
export function assertStreamSubject(stream: string, subject: string): void {
  assertStream(stream);
  if (!subjectMatches(streamSubjects(stream), subject)) {
    throw new Error(`subject "${subject}" is not in stream ${stream} (${streamSubjects(stream)})`);
  }
}

export function assertDurableName(durable: string): void {
  if (!DURABLE.test(durable)) throw new Error(`bad durable name "${durable}": letters, digits, - and _`);
}

export function assertConsumeOptions(options: { stream: string; durable: string; subjects: string[] }): void {
  assertStream(options.stream);
  assertDurableName(options.durable);
  if (options.subjects.length === 0) throw new Error(`durable ${options.durable}: no subjects to consume`);
  const prefix = `${options.stream.toLowerCase()}.evt.`;
  for (const s of options.subjects) {
    // a filter may use wildcards, so only its fixed prefix is checked
    if (!s.startsWith(prefix)) throw new Error(`subject "${s}" is not in stream ${options.stream}`);
  }
}

const CLAIM_BUCKET = /^[A-Za-z0-9_-]+$/;
const CLAIM_KEY = /^[-/_=.A-Za-z0-9]+$/;

/** What a NATS key-value bucket and key may be named; the in-process bus keeps to the same. */
export function assertClaimKey(bucket: string, key: string): void {
  if (!CLAIM_BUCKET.test(bucket)) throw new Error(`bad claim bucket "${bucket}": letters, digits, - and _`);
  if (!CLAIM_KEY.test(key) || key.startsWith('.') || key.endsWith('.')) throw new Error(`bad claim key "${key}"`);
}
