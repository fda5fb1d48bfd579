import { type Actor, DomainError, canActOnOrganisation, hasPrivilege } from '@platform/kernel';

/**
 * Webhooks are an organisation's settings, like its subscription: its RAOs holding
 * "manage-subscription" and MRAOs manage them. Other organisations' (and DRAOs) get 404, as if absent;
 * an RAO without the privilege 403.
 */
export function assertCanManageWebhooks(actor: Actor, organisationId: string): void {
  if (!canActOnOrganisation(actor, organisationId)) throw new DomainError('ORGANISATION_NOT_FOUND', 'not_found', 'No such organisation.', { organisationId });
  if (!hasPrivilege(actor, 'manage-subscription', { organisationId }))
    throw new DomainError('PRIVILEGE_MISSING', 'forbidden', 'Managing webhooks needs the "manage-subscription" privilege for the organisation; ask an RAO who holds it.', {
      privilege: 'manage-subscription',
    });
}
