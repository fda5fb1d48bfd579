import { lastValidUntil } from './domain-scope';
import { EXPIRY_NOTICE_DAYS, evValidUntil, organisationValidUntil } from './reuse-periods';
import type { ExpiryKind } from './validation.events';
import { type ValidationState, noticeKey } from './validation.state';

const DAY = 86_400_000;

export interface DueNotice {
  kind: ExpiryKind;
  domain?: string;
  expiresAt: string;
}

/**
 * The notices due now, derived from state and the clock (no timer to lose): a validation that
 * expires within 30 days and is not expired yet, not noticed before for this expiry.
 */
export function dueExpiryNotices(state: ValidationState, now: Date): DueNotice[] {
  const candidates: DueNotice[] = [];
  if (state.organisationValidatedAt)
    candidates.push({ kind: 'organisation', expiresAt: organisationValidUntil(new Date(state.organisationValidatedAt)).toISOString() });
  if (state.ev) candidates.push({ kind: 'ev', expiresAt: evValidUntil(new Date(state.ev.vettedAt)).toISOString() });
  for (const [domain, record] of Object.entries(state.domains))
    if (record.validatedAt) candidates.push({ kind: 'domain', domain, expiresAt: lastValidUntil(record.validations)!.toISOString() });
  return candidates.filter((c) => {
    const expires = Date.parse(c.expiresAt);
    return now.getTime() >= expires - EXPIRY_NOTICE_DAYS * DAY && now.getTime() < expires && !state.noticed[noticeKey(c.kind, c.expiresAt, c.domain)];
  });
}
