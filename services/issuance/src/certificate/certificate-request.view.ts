import type { Issuance } from '@platform/contracts';
import type { CertificateState } from './certificate.decider';
import type { CertificateRequestData } from './certificate.events';

type View = Issuance.CertificateRequestView;

/** What a recorded request shows, whatever became of it since. */
const asked = (r: CertificateRequestData): Omit<View, 'status' | 'awaitingApproval' | 'names'> & { names: string[] } => ({
  id: r.certificateId,
  organisationId: r.organisationId,
  ...(r.departmentId ? { departmentId: r.departmentId } : {}),
  certificateType: r.certificateType,
  method: r.method ?? 'manual',
  names: r.names ?? [],
  requestedBy: r.requestedBy,
  ...(r.requestedByEmail ? { requestedByEmail: r.requestedByEmail } : {}),
  requestedAt: r.requestedAt,
  ...(r.approval ? { approvedBy: r.approval.by, approvedAt: r.approval.at, ...(r.approval.automatic ? { autoApproved: true } : {}) } : {}),
});

/**
 * The certificate request a stream holds, as the API shows it (the listing's rows say the same:
 * certificate-requests.projection.ts). Undefined: nothing was ever asked on this stream.
 */
export function toCertificateRequestView(state: CertificateState): View | undefined {
  switch (state.status) {
    case 'none':
      return undefined;
    case 'submitted':
      return { ...asked(state.request), status: 'requested', awaitingApproval: true };
    case 'requested':
      return { ...asked(state.request), status: state.request.approval ? 'approved' : 'requested', awaitingApproval: false };
    case 'failed':
      return {
        ...asked(state.request),
        status: 'failed',
        awaitingApproval: false,
        code: state.code,
        reason: state.message,
        ...(state.failedAt ? { endedAt: state.failedAt } : {}),
      };
    case 'declined':
      return {
        ...asked(state.request),
        status: 'declined',
        awaitingApproval: false,
        declinedBy: state.declinedBy,
        declinedAt: state.declinedAt,
        reason: state.reason,
        endedAt: state.declinedAt,
      };
    case 'refused': {
      const r = state.refusal;
      return {
        id: r.certificateId,
        organisationId: r.organisationId,
        ...(r.departmentId ? { departmentId: r.departmentId } : {}),
        status: 'refused',
        awaitingApproval: false,
        certificateType: r.certificateType,
        method: r.method,
        names: r.names,
        requestedBy: r.requestedBy,
        ...(r.requestedByEmail ? { requestedByEmail: r.requestedByEmail } : {}),
        requestedAt: r.requestedAt,
        code: r.code,
        reason: r.message,
        endedAt: r.refusedAt,
      };
    }
    case 'issued':
    case 'revoked': {
      const c = state.certificate;
      // A certificate recorded before requests were (or without one): what the certificate says.
      const request = state.request ?? {
        certificateId: c.certificateId,
        organisationId: c.organisationId,
        ...(c.departmentId ? { departmentId: c.departmentId } : {}),
        requestedBy: c.requestedBy,
        certificateType: c.certificateType ?? 'ov-ssl',
        method: c.method,
        requestedAt: c.issuedAt,
      };
      return {
        ...asked(request as CertificateRequestData),
        names: c.names,
        status: 'issued',
        awaitingApproval: false,
        endedAt: c.issuedAt,
        certificateId: c.certificateId,
      };
    }
  }
}
