/**
 * Host-name policy for names the CA will put in a certificate (CA/B Forum Baseline
 * Requirements, in the spirit of Let's Encrypt Boulder's policy package). Pure: no I/O.
 *
 * Not checked here (no Public Suffix List / IANA TLD list in the monorepo yet): whether the
 * TLD exists, and whether a wildcard sits directly on a public suffix such as `*.ac.uk`.
 */
import { domainToUnicode } from 'node:url';

export interface DnsNameProblem {
  name: string;
  reason: string;
}

export const MAX_DNS_NAME_LENGTH = 253;
export const MAX_LABEL_LENGTH = 63;

/** TLDs reserved for private or special use (RFC 2606, 6761, 6762, 7686, 8375, 9476, ICANN `.internal`). */
const RESERVED_TLDS = new Set([
  'local', 'localhost', 'localdomain', 'internal', 'lan', 'home', 'corp', 'intranet',
  'test', 'example', 'invalid', 'onion', 'alt', 'arpa',
]);

const LDH_LABEL = /^[a-z0-9-]+$/;

/** Returns why `name` (already lower-cased) cannot be certified, or null when it can. */
export function dnsNameProblem(name: string): string | null {
  if (name.length === 0) return 'is empty';
  if (/[^\x00-\x7f]/.test(name)) {
    return 'contains non-ASCII characters: convert an internationalised name to its punycode (xn--) form first';
  }
  if (/\s/.test(name)) return 'contains whitespace';
  if (name.endsWith('.')) return 'ends with a dot: write it without the trailing dot';
  if (name.length > MAX_DNS_NAME_LENGTH) return `is longer than ${MAX_DNS_NAME_LENGTH} characters`;

  const labels = name.split('.');
  for (const [index, label] of labels.entries()) {
    const problem = labelProblem(label, index);
    if (problem) return problem;
  }
  if (labels.length === 1) {
    return 'is a single-label (internal) name: use a fully-qualified public domain name';
  }
  const tld = labels[labels.length - 1];
  if (/^[0-9]+$/.test(tld)) return 'looks like an IP address: IP address names are not supported';
  if (RESERVED_TLDS.has(tld)) {
    return `ends in ".${tld}", which is reserved for internal or special use and cannot be publicly certified`;
  }
  if (labels[0] === '*' && labels.length < 3) {
    return 'is a wildcard directly on a top-level domain: a wildcard must cover a registered domain ("*.example.ac.uk")';
  }
  return null;
}

function labelProblem(label: string, index: number): string | null {
  if (label.length === 0) return 'has an empty label (a leading dot or two dots in a row)';
  if (label === '*') {
    return index === 0 ? null : 'has a wildcard that is not the left-most label: only "*.<domain>" is allowed';
  }
  if (label.includes('*')) {
    return 'has a partial wildcard label: a wildcard must be the whole left-most label ("*.<domain>")';
  }
  if (label.length > MAX_LABEL_LENGTH) return `has a label longer than ${MAX_LABEL_LENGTH} characters`;
  if (label.includes('_')) return 'contains an underscore, which is not allowed in a host name';
  if (!LDH_LABEL.test(label)) return 'contains characters other than letters, digits, hyphens and dots';
  if (label.startsWith('-') || label.endsWith('-')) return `has a label ("${label}") that starts or ends with a hyphen`;
  if (label.startsWith('xn--')) {
    // node:url returns '' for an A-label that does not decode.
    return domainToUnicode(label) === '' ? `has a label ("${label}") that is not valid punycode` : null;
  }
  if (label.slice(2, 4) === '--') {
    return `has a label ("${label}") with "--" in the third and fourth positions, which is reserved for punycode (xn--)`;
  }
  return null;
}

/**
 * Lower-cases, folds duplicates (keeping first-seen order) and collects every problem,
 * so a requester learns about all bad names at once rather than one per attempt.
 */
export function normaliseDnsNames(names: readonly string[]): { names: string[]; problems: DnsNameProblem[] } {
  const seen = new Set<string>();
  const problems: DnsNameProblem[] = [];
  for (const raw of names) {
    const name = raw.toLowerCase();
    if (seen.has(name)) continue;
    seen.add(name);
    const reason = dnsNameProblem(name);
    if (reason) problems.push({ name: raw, reason });
  }
  return { names: [...seen], problems };
}
