/**
 * CA/Browser Forum ballot SC-081 schedules, by the date of validation (DESIGN.md §2).
 * Each entry: from this instant on, the period in days.
 */
const DAY = 86_400_000;

const DOMAIN_REUSE: Array<[from: string, days: number]> = [
  ['2029-03-15', 10],
  ['2027-03-15', 100],
  ['2026-03-15', 200],
  ['0000-01-01', 398],
];

/** Organisation (OV) data are reusable for 398 days. */
export const ORGANISATION_REUSE_DAYS = 398;

export const domainReuseDays = (validatedAt: Date): number =>
  DOMAIN_REUSE.find(([from]) => validatedAt.getTime() >= Date.parse(`${from}T00:00:00Z`))![1];

export const domainValidUntil = (validatedAt: Date): Date =>
  new Date(validatedAt.getTime() + domainReuseDays(validatedAt) * DAY);

export const organisationValidUntil = (validatedAt: Date): Date =>
  new Date(validatedAt.getTime() + ORGANISATION_REUSE_DAYS * DAY);
