import { type EventStore, aggregateStream } from '@platform/event-store';
import { type Actor, DomainError, type Grant, canSee } from '@platform/kernel';
import { organisationDecider } from '../organisation/organisation.decider';
import { organisationStream } from '../organisation/organisation.events';
import { grantRefusals } from './delegation';

/**
 * Checks grants someone wants to give: each scope must exist and be visible to the actor (else 404,
 * so other organisations' departments do not leak), and the actor must hold at least as much (else 403).
 */
export async function checkGrantable(store: EventStore, actor: Actor, grants: Grant[]): Promise<void> {
  for (const grant of grants) {
    if (!grant.organisationId) continue;
    const { organisationId, departmentId } = grant;
    const visible = canSee(actor, { organisationId, departmentId });
    const { state } = visible ? await aggregateStream(store, organisationStream(organisationId), organisationDecider) : { state: undefined };
    if (!state || state.status === 'none')
      throw new DomainError('ORGANISATION_NOT_FOUND', 'not_found', 'No such organisation.', { organisationId });
    if (departmentId && !state.departments.some((d) => d.id === departmentId))
      throw new DomainError('DEPARTMENT_NOT_FOUND', 'not_found', 'No such department in this organisation.', { organisationId, departmentId });
  }
  const refusals = grantRefusals(actor, grants);
  if (refusals.length > 0)
    throw new DomainError(
      'GRANT_EXCEEDS_YOURS',
      'forbidden',
      `You cannot give ${refusals.length === 1 ? 'this grant' : 'these grants'}: ${refusals.map((r) => r.reason).join('; ')}. Nobody grants more role, scope or privilege than they hold.`,
      { refusals },
    );
}
