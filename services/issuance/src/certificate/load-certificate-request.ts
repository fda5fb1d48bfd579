import { type EventStore, aggregateStream } from '@platform/event-store';
import { type Actor, DomainError, type Scope, isUuid } from '@platform/kernel';
import { canSeeCertificate } from './certificate-scope';
import { type CertificateState, certificateDecider, certificateExists } from './certificate.decider';
import { certificateStream } from './certificate.events';

/** The organisation (and department) a request is for, whatever became of it; undefined when nothing was asked. */
export function requestScopeOf(state: CertificateState): Scope | undefined {
  const of = (r: { organisationId: string; departmentId?: string }): Scope => ({ organisationId: r.organisationId, ...(r.departmentId ? { departmentId: r.departmentId } : {}) });
  if (state.status === 'none') return undefined;
  if (state.status === 'refused') return of(state.refusal);
  return of(certificateExists(state) ? state.certificate : state.request);
}

/** Loads a certificate request the actor may see; anything else is "not found", so existence does not leak. */
export async function loadRequestInScope(store: EventStore, actor: Actor, requestId: string) {
  const notFound = new DomainError('CERTIFICATE_REQUEST_NOT_FOUND', 'not_found', 'No such certificate request.', { requestId });
  if (!isUuid(requestId)) throw notFound;
  const { state, revision } = await aggregateStream(store, certificateStream(requestId), certificateDecider);
  const scope = requestScopeOf(state);
  if (!scope || !canSeeCertificate(actor, scope)) throw notFound;
  return { state, revision, scope };
}
