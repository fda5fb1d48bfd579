/**
 * Exponential backoff after repeated sign-in failures: the first 4 failures cost nothing, then the
 * account waits 1, 2, 4 … minutes (at most an hour) before a password is even checked. A success resets it.
 */
export const FREE_FAILURES = 4;
const BASE_MS = 60_000;
const MAX_MS = 3_600_000;

export function lockedUntil(failures: number, lastFailureAt: string | undefined): Date | undefined {
  if (failures <= FREE_FAILURES || !lastFailureAt) return undefined;
  const wait = Math.min(MAX_MS, BASE_MS * 2 ** (failures - FREE_FAILURES - 1));
  return new Date(Date.parse(lastFailureAt) + wait);
}

export const isLocked = (failures: number, lastFailureAt: string | undefined, now: Date): boolean =>
  (lockedUntil(failures, lastFailureAt)?.getTime() ?? 0) > now.getTime();
