import { type EventStore, aggregateStream } from '@platform/event-store';
import { type Actor, DomainError, isUuid } from '@platform/kernel';
import { canSeeCertificate } from './certificate-scope';
import { certificateDecider, certificateExists } from './certificate.decider';
import { certificateStream } from './certificate.events';

/** Loads a certificate the actor may see; anything else is "not found", so existence does not leak. */
export async function loadCertificateInScope(store: EventStore, actor: Actor, certificateId: string) {
  const notFound = new DomainError('CERTIFICATE_NOT_FOUND', 'not_found', 'No such certificate.', { certificateId });
  if (!isUuid(certificateId)) throw notFound;
  const { state, revision } = await aggregateStream(store, certificateStream(certificateId), certificateDecider);
  // A request not (yet) issued has no certificate to show.
  if (!certificateExists(state) || !canSeeCertificate(actor, state.certificate)) throw notFound;
  return { state, revision };
}
