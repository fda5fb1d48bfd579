import type { Issuance } from '@platform/contracts';
import type { Decider } from '@platform/event-store';
import { DomainError } from '@platform/kernel';
import { type CertificateIssuedData, type CertificateStreamEvent, type CertificateRequestData, type RequestLease, issuerIdOf } from './certificate.events';

export type CertificateState =
  | { status: 'none' }
  /** recorded, not finished: its lease's owner drives it; after the lease, any instance's resumer may */
  | { status: 'requested'; request: CertificateRequestData; lease: RequestLease }
  | { status: 'failed'; request: CertificateRequestData; code: string; message: string; unitHeld: boolean }
  | { status: 'issued'; certificate: CertificateIssuedData }
  | {
      status: 'revoked';
      certificate: CertificateIssuedData;
      revokedAt: string;
      reason: Issuance.RevokeCertificateRequest['reason'];
    };

/** A certificate exists (issued or revoked). */
export type CertificateExists = Extract<CertificateState, { certificate: CertificateIssuedData }>;
export const certificateExists = (state: CertificateState): state is CertificateExists => state.status === 'issued' || state.status === 'revoked';

export type CertificateCommand =
  /** before the unit is reserved; at and leaseMs make the owner's lease */
  | { type: 'RecordRequest'; request: CertificateRequestData; owner: string; at: Date; leaseMs: number }
  /** a resumer takes over a request whose lease has run out */
  | { type: 'ResumeRequest'; owner: string; at: Date; leaseMs: number }
  | { type: 'FailRequest'; owner: string; code: string; message: string; at: Date; unitHeld: boolean }
  | { type: 'RecordUnitReturned'; at: Date }
  /** owner: the lease that signed it (absent only for a certificate recorded without a request) */
  | { type: 'RecordIssuedCertificate'; certificate: CertificateIssuedData; owner?: string }
  | {
      type: 'RevokeCertificate';
      reason: Issuance.RevokeCertificateRequest['reason'];
      at: Date;
      by: string;
      /** privilegeWithdrawn is the CA's own reason (BR 7.2.2): the operator's only */
      byOperator: boolean;
    };

export const certificateDecider: Decider<CertificateState, CertificateCommand, CertificateStreamEvent> = {
  initialState: () => ({ status: 'none' }),

  evolve(state, event) {
    switch (event.type) {
      case 'CertificateRequested': {
        const { lease, ...request } = event.data;
        return { status: 'requested', request, lease };
      }
      case 'CertificateRequestResumed':
        return state.status === 'requested' ? { ...state, lease: event.data.lease } : state;
      case 'CertificateRequestFailed': {
        if (state.status !== 'requested') return state;
        const { code, message, unitHeld } = event.data;
        return { status: 'failed', request: state.request, code, message, unitHeld };
      }
      case 'CertificateRequestUnitReturned':
        return state.status === 'failed' ? { ...state, unitHeld: false } : state;
      case 'CertificateIssued':
        return { status: 'issued', certificate: event.data };
      case 'CertificateRevoked':
        return !certificateExists(state)
          ? state
          : { status: 'revoked', certificate: state.certificate, revokedAt: event.data.revokedAt, reason: event.data.reason };
      default: {
        const unreachable: never = event;
        return unreachable;
      }
    }
  },

  decide(command, state) {
    switch (command.type) {
      case 'RecordRequest': {
        // A failed request may be made again with its request id, once it holds no unit.
        if (state.status !== 'none' && !(state.status === 'failed' && !state.unitHeld)) throw requestNotNew(state, command.request);
        const lease = leaseOf(command.owner, command.at, command.leaseMs);
        return [{ type: 'CertificateRequested', data: { ...command.request, lease } }];
      }
      case 'ResumeRequest':
        if (state.status !== 'requested' || Date.parse(state.lease.until) > command.at.getTime()) return [];
        return [
          {
            type: 'CertificateRequestResumed',
            data: { certificateId: state.request.certificateId, lease: leaseOf(command.owner, command.at, command.leaseMs), resumedAt: command.at.toISOString() },
          },
        ];
      case 'FailRequest': {
        if (state.status !== 'requested') return [];
        if (state.lease.owner !== command.owner) throw leaseLost(state.request.certificateId);
        const { code, message, at, unitHeld } = command;
        const { certificateId, organisationId } = state.request;
        return [{ type: 'CertificateRequestFailed', data: { certificateId, organisationId, code, message, failedAt: at.toISOString(), unitHeld } }];
      }
      case 'RecordUnitReturned':
        if (state.status !== 'failed' || !state.unitHeld) return [];
        return [{ type: 'CertificateRequestUnitReturned', data: { certificateId: state.request.certificateId, returnedAt: command.at.toISOString() } }];
      case 'RecordIssuedCertificate':
        if (state.status === 'requested' && state.lease.owner !== command.owner) throw leaseLost(command.certificate.certificateId);
        if (state.status !== 'none' && state.status !== 'requested') throw new Error(`certificate ${command.certificate.certificateId} exists already`);
        return [{ type: 'CertificateIssued', data: command.certificate }];
      case 'RevokeCertificate':
        if (!certificateExists(state))
          throw new DomainError('CERTIFICATE_NOT_FOUND', 'not_found', 'No such certificate.');
        if (command.reason === 'privilegeWithdrawn' && !command.byOperator)
          throw new DomainError(
            'REVOCATION_REASON_NOT_ALLOWED',
            'forbidden',
            'Only the operator may revoke with privilegeWithdrawn; choose keyCompromise, affiliationChanged, superseded, cessationOfOperation or unspecified.',
            { reason: command.reason },
          );
        if (state.status === 'revoked')
          throw new DomainError('CERTIFICATE_ALREADY_REVOKED', 'conflict', 'The certificate is revoked already.', {
            revokedAt: state.revokedAt,
            reason: state.reason,
          });
        return [
          {
            type: 'CertificateRevoked',
            data: {
              certificateId: state.certificate.certificateId,
              organisationId: state.certificate.organisationId,
              ...(state.certificate.departmentId ? { departmentId: state.certificate.departmentId } : {}),
              serialNumber: state.certificate.serialNumber,
              issuedAt: state.certificate.issuedAt,
              reason: command.reason,
              revokedAt: command.at.toISOString(),
              revokedBy: command.by,
              publicKeySha256: state.certificate.publicKeySha256,
              issuerId: issuerIdOf(state.certificate),
            },
          },
        ];
      default: {
        const unreachable: never = command;
        return unreachable;
      }
    }
  },
};

const leaseOf = (owner: string, at: Date, leaseMs: number): RequestLease => ({ owner, until: new Date(at.getTime() + leaseMs).toISOString() });

/** The fence: whoever no longer holds the lease must not record the outcome (another instance resumed the request). */
export const leaseLost = (certificateId: string) =>
  new DomainError('REQUEST_LEASE_LOST', 'conflict', 'This request was taken over by another instance after its lease ran out; its outcome is recorded there.', {
    certificateId,
  });

const RETRY_AFTER_SECONDS = 2;

/** A request with this id is running (or giving its unit back): its outcome is asked for again, not started twice. */
export const requestInProgress = (requestId: string | undefined, certificateId: string) =>
  new DomainError(
    'REQUEST_IN_PROGRESS',
    'conflict',
    `A request with request id "${requestId ?? certificateId}" is still being processed. Repeat it with the same id in a few seconds to get its outcome.`,
    { requestId, retryAfterSeconds: RETRY_AFTER_SECONDS },
  );

function requestNotNew(state: CertificateState, request: CertificateRequestData): Error {
  if (state.status === 'requested' || state.status === 'failed') return requestInProgress(request.requestId, request.certificateId);
  return new Error(`certificate ${request.certificateId} exists already`);
}
