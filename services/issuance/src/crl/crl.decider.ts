/**
 * The CRL of one issuing CA as an event-sourced aggregate (stream `crl-<issuerId>`): its number
 * only ever increases, and what each CRL covered is recorded, so that "is a new CRL due?" is a
 * question about stored state and the clock, never about timers or memory. A publication records
 * the facts that make the CRL (number, times, covered position), never its bytes: the revoked
 * entries are facts of the certificate streams, and any instance can sign the CRL again from them.
 */
import type { Decider } from '@platform/event-store';
import { DomainError } from '@platform/kernel';

export interface CrlPublishedData {
  issuerId: string;
  number: number;
  thisUpdate: string;
  nextUpdate: string;
  /** global position of the last revocation this CRL includes (a bigint, as a string) */
  coveredPosition: string;
  entries: number;
}

export type CrlEvent = { type: 'CrlPublished'; data: CrlPublishedData };
export type CrlState = { status: 'none' } | { status: 'published'; latest: CrlPublishedData };
export type CrlCommand = { type: 'PublishCrl'; crl: CrlPublishedData };

export const crlStream = (issuerId: string): string => `crl-${issuerId}`;

/** Regenerated at least daily (BR 4.9.7 asks for at most 7 days); nextUpdate gives relying parties a week. */
export const CRL_REFRESH_MS = 24 * 3_600_000;
export const CRL_VALIDITY_MS = 7 * 24 * 3_600_000;

/**
 * Upcaster: publications stored before this change carry the whole CRL (`crlDer`, base64, up to
 * megabytes each); it is dropped on read so that folded states stay small. The rest is unchanged.
 */
export function upcastCrlPublished(data: CrlPublishedData & { crlDer?: unknown }): CrlPublishedData {
  const { issuerId, number, thisUpdate, nextUpdate, coveredPosition, entries } = data;
  return { issuerId, number, thisUpdate, nextUpdate, coveredPosition, entries };
}

export const nextCrlNumber = (state: CrlState): number => (state.status === 'none' ? 1 : state.latest.number + 1);

/** Due when there is none, when a revocation after the last one is not in it, or when the last one is a day old. */
export function crlDue(state: CrlState, now: Date, revokedAtPosition?: bigint): boolean {
  if (state.status === 'none') return true;
  if (revokedAtPosition !== undefined && revokedAtPosition > BigInt(state.latest.coveredPosition)) return true;
  return crlAged(state.latest, now);
}

/** A day old: due for the daily refresh whatever else happened. */
export const crlAged = (crl: Pick<CrlPublishedData, 'thisUpdate'>, now: Date): boolean => now.getTime() - Date.parse(crl.thisUpdate) >= CRL_REFRESH_MS;

export const crlDecider: Decider<CrlState, CrlCommand, CrlEvent> = {
  initialState: () => ({ status: 'none' }),
  evolve: (_state, event) => ({ status: 'published', latest: upcastCrlPublished(event.data) }),
  decide(command, state) {
    const expected = nextCrlNumber(state);
    if (command.crl.number !== expected) {
      throw new DomainError('CRL_NUMBER_TAKEN', 'conflict', `CRL number ${command.crl.number} is not next (${expected} is).`, {
        number: command.crl.number,
        expected,
      });
    }
    return [{ type: 'CrlPublished', data: command.crl }];
  },
};
