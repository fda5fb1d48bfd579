import type { Issuance } from '@platform/contracts';
import type { Mail } from '../mail/templates';

export interface Approver {
  email: string;
  name: string;
}

/** To an admin who may approve: who asks, for what, and where to decide. */
export function approvalRequestMail(to: Approver, organisation: string, e: Issuance.CertificateRequestAwaitingApprovalData, publicUrl: string): Mail {
  const first = e.names[0] ?? 'a certificate';
  const more = e.names.length > 1 ? ` (+${e.names.length - 1} more)` : '';
  const who = e.requestedByEmail ? e.requestedByEmail : `admin ${e.requestedBy}`;
  return {
    to: to.email,
    subject: `${organisation}: certificate request for ${first}${more} awaits your approval`,
    text: [
      `Dear ${to.name},`,
      '',
      `${who} asked on ${e.requestedAt} for a ${e.certificateType} certificate for ${organisation}:`,
      '',
      ...e.names.map((n) => `  ${n}`),
      '',
      'It waits for an administrator with the approve-ssl privilege to approve or decline it; nothing is',
      "counted against the organisation's allowance until it is approved. Review it here:",
      '',
      `${publicUrl}/certificate-requests/${e.requestId}`,
      '',
      `(API: POST /api/v1/certificate-requests/${e.requestId}/approve, or .../decline with a reason.)`,
      'Every approver of this request received this message; the first decision counts.',
    ].join('\n'),
  };
}
