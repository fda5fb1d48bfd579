import type { Issuance } from '@platform/contracts';
import type { Decider } from '@platform/event-store';
import { DomainError } from '@platform/kernel';
import {
  type CertificateIssuedData,
  type CertificateRequestData,
  type CertificateRequestRefusedData,
  type CertificateRequestSubmittedData,
  type CertificateStreamEvent,
  type RequestLease,
  issuerIdOf,
} from './certificate.events';

export type CertificateState =
  | { status: 'none' }
  /** held by the approval policy: waits for an approver; nothing reserved or counted */
  | { status: 'submitted'; request: CertificateRequestSubmittedData }
  /** recorded, not finished: its lease's owner drives it; after the lease, any instance's resumer may */
  | { status: 'requested'; request: CertificateRequestData; lease: RequestLease }
  | { status: 'failed'; request: CertificateRequestData; code: string; message: string; unitHeld: boolean; failedAt?: string }
  /** an approver said no: final (the same request id gets REQUEST_DECLINED) */
  | { status: 'declined'; request: CertificateRequestSubmittedData; declinedBy: string; reason: string; declinedAt: string }
  /** a rule said no; the same request id may be used again (the rule may pass by then) */
  | { status: 'refused'; refusal: CertificateRequestRefusedData }
  /** request: what was asked for (absent for a certificate recorded without a request, and before requests were recorded) */
  | { status: 'issued'; certificate: CertificateIssuedData; request?: CertificateRequestData }
  | {
      status: 'revoked';
      certificate: CertificateIssuedData;
      revokedAt: string;
      reason: Issuance.RevokeCertificateRequest['reason'];
      request?: CertificateRequestData;
    };

/** A certificate exists (issued or revoked). */
export type CertificateExists = Extract<CertificateState, { certificate: CertificateIssuedData }>;
export const certificateExists = (state: CertificateState): state is CertificateExists => state.status === 'issued' || state.status === 'revoked';

export type CertificateCommand =
  /** before the unit is reserved; at and leaseMs make the owner's lease */
  | { type: 'RecordRequest'; request: CertificateRequestData; owner: string; at: Date; leaseMs: number }
  /** the approval policy holds it: recorded whole, nothing reserved */
  | { type: 'SubmitRequest'; request: CertificateRequestSubmittedData }
  /** request: the held request as checked again at approval (fresh subject); it is then recorded with the approver's lease */
  | { type: 'ApproveRequest'; by: string; at: Date; request: CertificateRequestData; owner: string; leaseMs: number }
  | { type: 'DeclineRequest'; by: string; reason: string; at: Date }
  /**
   * A rule refused it. stage: a new request (nothing else recorded for it, or an earlier attempt that
   * ended holding nothing), a held request at its approval, or a recorded one when billing refused its
   * unit (owner: the lease that asked). A refusal that no longer fits the state (another attempt with
   * the same request id got further meanwhile) records nothing.
   */
  | { type: 'RefuseRequest'; refusal: CertificateRequestRefusedData; stage: 'submission' | 'approval' | 'reservation'; owner?: string }
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
      case 'CertificateRequestSubmitted':
        return { status: 'submitted', request: event.data };
      case 'CertificateRequestApproved':
        // The CertificateRequested appended with it carries the approval and moves the state on.
        return state;
      case 'CertificateRequestDeclined': {
        if (state.status !== 'submitted') return state;
        const { declinedBy, reason, declinedAt } = event.data;
        return { status: 'declined', request: state.request, declinedBy, reason, declinedAt };
      }
      case 'CertificateRequestRefused':
        return { status: 'refused', refusal: event.data };
      case 'CertificateRequested': {
        const { lease, ...request } = event.data;
        return { status: 'requested', request, lease };
      }
      case 'CertificateRequestResumed':
        return state.status === 'requested' ? { ...state, lease: event.data.lease } : state;
      case 'CertificateRequestFailed': {
        if (state.status !== 'requested') return state;
        const { code, message, unitHeld, failedAt } = event.data;
        return { status: 'failed', request: state.request, code, message, unitHeld, failedAt };
      }
      case 'CertificateRequestUnitReturned':
        return state.status === 'failed' ? { ...state, unitHeld: false } : state;
      case 'CertificateIssued':
        return { status: 'issued', certificate: event.data, ...(state.status === 'requested' ? { request: state.request } : {}) };
      case 'CertificateRevoked':
        return !certificateExists(state)
          ? state
          : {
              status: 'revoked',
              certificate: state.certificate,
              revokedAt: event.data.revokedAt,
              reason: event.data.reason,
              ...(state.request ? { request: state.request } : {}),
            };
      default: {
        const unreachable: never = event;
        return unreachable;
      }
    }
  },

  decide(command, state) {
    switch (command.type) {
      case 'RecordRequest': {
        // A failed request may be made again with its request id, once it holds no unit; a refused one too.
        if (!mayStartAnew(state)) throw requestNotNew(state, command.request);
        const lease = leaseOf(command.owner, command.at, command.leaseMs);
        return [{ type: 'CertificateRequested', data: { ...command.request, lease } }];
      }
      case 'SubmitRequest':
        if (!mayStartAnew(state)) throw requestNotNew(state, command.request);
        return [{ type: 'CertificateRequestSubmitted', data: command.request }];
      case 'ApproveRequest': {
        if (state.status !== 'submitted') throw notAwaitingApproval(state);
        const { certificateId, organisationId } = state.request;
        const approvedAt = command.at.toISOString();
        const lease = leaseOf(command.owner, command.at, command.leaseMs);
        return [
          { type: 'CertificateRequestApproved', data: { certificateId, organisationId, approvedBy: command.by, approvedAt } },
          { type: 'CertificateRequested', data: { ...command.request, approval: { by: command.by, at: approvedAt }, lease } },
        ];
      }
      case 'DeclineRequest': {
        if (state.status !== 'submitted') throw notAwaitingApproval(state);
        const { certificateId, organisationId } = state.request;
        return [{ type: 'CertificateRequestDeclined', data: { certificateId, organisationId, declinedBy: command.by, reason: command.reason, declinedAt: command.at.toISOString() } }];
      }
      case 'RefuseRequest': {
        const refused = [{ type: 'CertificateRequestRefused' as const, data: command.refusal }];
        switch (command.stage) {
          case 'submission':
            return mayStartAnew(state) ? refused : [];
          case 'approval':
            return state.status === 'submitted' ? refused : [];
          case 'reservation':
            if (state.status !== 'requested') return [];
            if (state.lease.owner !== command.owner) throw leaseLost(state.request.certificateId);
            return refused;
        }
        return [];
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

/** Nothing recorded yet, or an earlier attempt with the request id that ended holding nothing (refused, or failed with its unit back). */
const mayStartAnew = (state: CertificateState): boolean =>
  state.status === 'none' || state.status === 'refused' || (state.status === 'failed' && !state.unitHeld);

function requestNotNew(state: CertificateState, request: CertificateRequestData): Error {
  if (state.status === 'requested' || state.status === 'failed') return requestInProgress(request.requestId, request.certificateId);
  if (state.status === 'submitted') return requestAwaitingApproval(request.requestId, request.certificateId);
  if (state.status === 'declined') return requestDeclined(state);
  return new Error(`certificate ${request.certificateId} exists already`);
}

/** The request id names a request that waits for an approver: its outcome comes with the approver's decision. */
export const requestAwaitingApproval = (requestId: string | undefined, certificateId: string) =>
  new DomainError(
    'REQUEST_AWAITING_APPROVAL',
    'conflict',
    `The request${requestId ? ` with request id "${requestId}"` : ''} waits for an approver's decision; see /api/v1/certificate-requests/${certificateId}.`,
    { requestId: certificateId },
  );

/** An approver declined the request with this id: final; a new request needs a new request id. */
export const requestDeclined = (state: Extract<CertificateState, { status: 'declined' }>) =>
  new DomainError(
    'REQUEST_DECLINED',
    'conflict',
    `This request was declined by an approver: ${state.reason} To ask again, send a new request (with a new request id).`,
    { requestId: state.request.certificateId, declinedBy: state.declinedBy, declinedAt: state.declinedAt, reason: state.reason },
  );

/** Approve and decline act on a held request only. */
export function notAwaitingApproval(state: CertificateState): DomainError {
  const status = state.status === 'submitted' ? 'requested' : state.status === 'revoked' ? 'issued' : state.status;
  return new DomainError(
    'REQUEST_NOT_AWAITING_APPROVAL',
    'conflict',
    `This request does not wait for approval (it is ${status === 'none' ? 'unknown' : status}${state.status === 'requested' ? ', being issued' : ''}).`,
    // not `status`: details become members of the problem document, whose status is the HTTP one
    { requestStatus: status },
  );
}
