/**
 * Maximum TLS validity by issuance date (CA/B Forum SC-081, DESIGN.md §2).
 * Each entry: from this instant on, at most this many days.
 */
const SCHEDULE: Array<[from: string, days: number]> = [
  ['2029-03-15', 47],
  ['2027-03-15', 100],
  ['2026-03-15', 200],
  ['0000-01-01', 398],
];
const DAY = 86_400_000;

export const maxTlsValidityDays = (issuedAt: Date): number =>
  SCHEDULE.find(([from]) => issuedAt.getTime() >= Date.parse(`${from}T00:00:00Z`))![1];

/** notBefore is backdated one minute for clocks running behind (the rules allow up to an hour). */
export function tlsValidity(issuedAt: Date): { notBefore: Date; notAfter: Date } {
  const notBefore = new Date(Math.floor(issuedAt.getTime() / 1000) * 1000 - 60_000);
  // RFC 5280 validity is inclusive of both ends, hence the one second less.
  const notAfter = new Date(notBefore.getTime() + maxTlsValidityDays(issuedAt) * DAY - 1000);
  return { notBefore, notAfter };
}

/** S/MIME BR 6.3.2: at most 825 days. */
export const MAX_SMIME_VALIDITY_DAYS = 825;

export function smimeValidity(issuedAt: Date): { notBefore: Date; notAfter: Date } {
  const notBefore = new Date(Math.floor(issuedAt.getTime() / 1000) * 1000 - 60_000);
  return { notBefore, notAfter: new Date(notBefore.getTime() + MAX_SMIME_VALIDITY_DAYS * DAY - 1000) };
}
