import type { RequestMethod } from '@platform/contracts';
import { type Actor, type Scope, canActOnOrganisation, grantCovers, grantPrivileges } from '@platform/kernel';
import type { ApprovalSettings } from './request-policy.events';

/**
 * Who asks, as the approval policy sees it: MRAOs and the organisation's RAOs ask as `rao`; anyone
 * else in scope (DRAOs) as `drao`.
 */
export const requesterKind = (actor: Actor, organisationId: string): 'rao' | 'drao' => (canActOnOrganisation(actor, organisationId) ? 'rao' : 'drao');

/**
 * An MRAO's or RAO's own request may pass without a second admin: when the settings say so
 * (autoApprove) and an MRAO or RAO grant of theirs holds `approve-ssl` for its scope (a DRAO's
 * never does: a department's requests need someone else's approval when they need one at all).
 */
export const mayApproveOwnRequest = (settings: ApprovalSettings, actor: Actor, scope: Scope): boolean =>
  settings.autoApprove &&
  actor.grants.some((g) => (g.role === 'MRAO' || g.role === 'RAO') && grantCovers(g, scope) && grantPrivileges(g).includes('approve-ssl'));

/**
 * What the approval policy does with a new request: let it through, approve it at once (the
 * requester's own approval, recorded as automatic), or hold it for an approver. ACME requests are
 * never held: an ACME client cannot wait for a person, and its account was bound by an admin.
 */
export function approvalFor(settings: ApprovalSettings, actor: Actor, scope: Scope, method: RequestMethod): 'pass' | 'auto-approve' | 'hold' {
  if (method === 'acme') return 'pass';
  const kind = requesterKind(actor, scope.organisationId);
  const needed = kind === 'rao' ? settings.raoRequestsNeedApproval : settings.draoRequestsNeedApproval;
  if (!needed) return 'pass';
  return mayApproveOwnRequest(settings, actor, scope) ? 'auto-approve' : 'hold';
}
