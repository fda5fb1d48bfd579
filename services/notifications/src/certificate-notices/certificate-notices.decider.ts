import type { Decider } from '@platform/event-store';
import type { CertificateNoticeEvent, WatchedCertificate } from './certificate-notices.events';

/** Days before notAfter at which the requester and the admins in scope are told (DESIGN: 30, 7 and 1). */
export const EXPIRY_NOTICE_DAYS = [30, 7, 1] as const;
const DAY_MS = 86_400_000;

export type CertificateNoticesState =
  | { status: 'none' }
  | { status: 'watching'; certificate: WatchedCertificate; lastNoticeDays?: number }
  /** certificate: what was watched (absent when the revocation arrived first) */
  | { status: 'revoked'; certificate?: WatchedCertificate };

export type CertificateNoticesCommand =
  | { type: 'WatchCertificate'; certificate: WatchedCertificate }
  | { type: 'UnwatchCertificate'; certificateId: string; revokedAt: string }
  | { type: 'RecordExpiryNotice'; at: Date };

/**
 * Thresholds still to come: below the last one told (a notice makes the earlier ones moot, so a
 * platform that was down across two thresholds sends the nearer one, not both at once) and after the
 * issuance (a 20-day certificate gets no "30 days left" notice).
 */
function thresholdsLeft(certificate: Pick<WatchedCertificate, 'issuedAt' | 'notAfter'>, lastNoticeDays?: number): number[] {
  const end = Date.parse(certificate.notAfter);
  const issued = Date.parse(certificate.issuedAt);
  return EXPIRY_NOTICE_DAYS.filter((d) => d < (lastNoticeDays ?? Infinity) && end - d * DAY_MS > issued);
}

/** The notice due at `at` (its days-before threshold), if any: the nearest threshold passed, while the certificate is valid. */
export function dueNotice(certificate: Pick<WatchedCertificate, 'issuedAt' | 'notAfter'>, lastNoticeDays: number | undefined, at: Date): number | undefined {
  const end = Date.parse(certificate.notAfter);
  if (at.getTime() >= end) return undefined;
  const passed = thresholdsLeft(certificate, lastNoticeDays).filter((d) => end - d * DAY_MS <= at.getTime());
  return passed.length > 0 ? Math.min(...passed) : undefined;
}

/** When the next notice falls due (undefined: none left), for the sweep's index. */
export function nextNoticeAt(certificate: Pick<WatchedCertificate, 'issuedAt' | 'notAfter'>, lastNoticeDays?: number): Date | undefined {
  const left = thresholdsLeft(certificate, lastNoticeDays);
  return left.length > 0 ? new Date(Date.parse(certificate.notAfter) - Math.max(...left) * DAY_MS) : undefined;
}

export function decide(command: CertificateNoticesCommand, state: CertificateNoticesState): CertificateNoticeEvent[] {
  switch (command.type) {
    case 'WatchCertificate':
      // Issued again (a redelivery), or revoked before its issuance arrived: nothing to watch.
      return state.status === 'none' ? [{ type: 'CertificateWatched', data: command.certificate }] : [];
    case 'UnwatchCertificate':
      return state.status === 'revoked' ? [] : [{ type: 'CertificateUnwatched', data: { certificateId: command.certificateId, revokedAt: command.revokedAt } }];
    case 'RecordExpiryNotice': {
      if (state.status !== 'watching') return [];
      const { certificate, lastNoticeDays } = state;
      const daysBefore = dueNotice(certificate, lastNoticeDays, command.at);
      if (daysBefore === undefined) return [];
      return [
        {
          type: 'ExpiryNoticeRecorded',
          data: { certificateId: certificate.certificateId, daysBefore, notAfter: certificate.notAfter, recordedAt: command.at.toISOString() },
        },
      ];
    }
    default: {
      const unreachable: never = command;
      return unreachable;
    }
  }
}

export function evolve(state: CertificateNoticesState, event: CertificateNoticeEvent): CertificateNoticesState {
  switch (event.type) {
    case 'CertificateWatched':
      return { status: 'watching', certificate: event.data };
    case 'CertificateUnwatched':
      return { status: 'revoked', ...(state.status === 'watching' ? { certificate: state.certificate } : {}) };
    case 'ExpiryNoticeRecorded':
      return state.status === 'watching' ? { ...state, lastNoticeDays: event.data.daysBefore } : state;
    default: {
      const unreachable: never = event;
      return unreachable;
    }
  }
}

export const certificateNoticesDecider: Decider<CertificateNoticesState, CertificateNoticesCommand, CertificateNoticeEvent> = {
  initialState: () => ({ status: 'none' }),
  evolve,
  decide,
};
