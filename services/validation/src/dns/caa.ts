import type { CaaRecord } from 'node:dns';
import { type DnsClient, canonical } from './dns-client';

export type CaaVerdict =
  | { outcome: 'allowed'; at?: string }
  | { outcome: 'forbidden'; at: string; reason: string }
  | { outcome: 'lookup-failed'; at: string; error: string };

/** Tags this CA understands (RFC 8659 §4); an unknown tag marked critical forbids issuance. */
const KNOWN = new Set(['issue', 'issuewild', 'iodef']);

/** The issuer domain of an `issue` value: before the first `;`, trimmed (RFC 8659 §4.2). Empty: nobody. */
const issuerOf = (value: string): string => canonical(value.split(';')[0].trim());

/**
 * RFC 8659 §4.2-4.3 on the relevant record set: `issuewild` rules wildcards when present, else
 * `issue`; no such property at all leaves issuance unrestricted.
 */
export function evaluateCaa(records: CaaRecord[], wildcard: boolean, identities: string[]): { allowed: true } | { allowed: false; reason: string } {
  // node gives each record as { critical, <tag>: value }.
  const unknownCritical = records.find((r) => (r.critical & 128) !== 0 && !Object.keys(r).some((k) => KNOWN.has(k)));
  if (unknownCritical) return { allowed: false, reason: 'a critical CAA property this CA does not understand' };
  const issue = records.filter((r) => r.issue !== undefined).map((r) => r.issue!);
  const issuewild = records.filter((r) => r.issuewild !== undefined).map((r) => r.issuewild!);
  const values = wildcard && issuewild.length > 0 ? issuewild : issue;
  const tag = wildcard && issuewild.length > 0 ? 'issuewild' : 'issue';
  if (values.length === 0) return { allowed: true };
  if (values.some((v) => identities.includes(issuerOf(v)))) return { allowed: true };
  return { allowed: false, reason: `CAA ${tag} names ${values.map((v) => `"${issuerOf(v) || ';'}"`).join(', ')}, not ${identities.join(' or ')}` };
}

/**
 * Climbs from the name towards the root (RFC 8659 §3): the first non-empty CAA record set is the
 * relevant one. For `*.x` the search starts at `x`. A lookup failure other than "no such name /
 * no data" stops the climb: the caller must refuse (fail closed).
 */
export async function checkCaa(dns: DnsClient, name: string, identities: string[]): Promise<CaaVerdict> {
  const wildcard = name.startsWith('*.');
  let current = canonical(wildcard ? name.slice(2) : name);
  for (;;) {
    let records: CaaRecord[];
    try {
      records = await dns.caa(current);
    } catch (error) {
      return { outcome: 'lookup-failed', at: current, error: (error as NodeJS.ErrnoException).code ?? String(error) };
    }
    if (records.length > 0) {
      const verdict = evaluateCaa(records, wildcard, identities);
      return verdict.allowed ? { outcome: 'allowed', at: current } : { outcome: 'forbidden', at: current, reason: verdict.reason };
    }
    const dot = current.indexOf('.');
    if (dot < 0) return { outcome: 'allowed' };
    current = current.slice(dot + 1);
  }
}
