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

/** EV Guidelines §11.14.3: vetted EV data may be reused for 398 days. */
export const EV_REUSE_DAYS = 398;
/** BR §3.2.2.4.7: a random value for DCV may be used for 30 days after its creation. */
export const DCV_TOKEN_DAYS = 30;
/** An e-mailed one-time link works for 72 hours. */
export const DCV_EMAIL_LINK_HOURS = 72;
/** RAOs are told this many days before a validation expires. */
export const EXPIRY_NOTICE_DAYS = 30;

export const evValidUntil = (vettedAt: Date): Date => new Date(vettedAt.getTime() + EV_REUSE_DAYS * DAY);
export const tokenExpiresAt = (issuedAt: Date): Date => new Date(issuedAt.getTime() + DCV_TOKEN_DAYS * DAY);
export const emailLinkExpiresAt = (requestedAt: Date): Date => new Date(requestedAt.getTime() + DCV_EMAIL_LINK_HOURS * 3_600_000);
