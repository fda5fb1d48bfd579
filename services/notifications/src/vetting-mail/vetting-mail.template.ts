import type { Validation } from '@platform/contracts';
import type { Mail } from '../mail/templates';

/** To one MRAO: what waits for vetting and where the queue is. */
export function vettingMail(to: { email: string; name: string }, organisation: string, e: Validation.OrganisationDetailsSubmittedData): Mail {
  return {
    to: to.email,
    subject: `${organisation}: organisation details waiting for vetting`,
    text: [
      `Dear ${to.name},`,
      '',
      `${organisation} submitted its organisation details (legal name: ${e.legalName}) on ${e.submittedAt.slice(0, 10)}.`,
      'They wait for an operator to approve or reject them: the vetting queue (GET /api/v1/vetting-queue) lists them, oldest first.',
    ].join('\n'),
  };
}
