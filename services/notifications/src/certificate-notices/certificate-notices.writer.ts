import { type EventStore, handleCommand, eventMetadata } from '@platform/event-store';
import { type CertificateNoticesCommand, certificateNoticesDecider } from './certificate-notices.decider';
import { certificateNoticesStream } from './certificate-notices.events';

/** read → decide → append with the expected revision (retried on conflict), on one certificate's notices stream. */
export function recordCertificateNotice(
  store: EventStore,
  certificateId: string,
  command: CertificateNoticesCommand,
  context: { at: Date; causationId?: string; correlationId?: string },
) {
  return handleCommand(
    store,
    certificateNoticesStream(certificateId),
    certificateNoticesDecider,
    command,
    eventMetadata({ at: context.at, actor: 'system:notifications', causationId: context.causationId, correlationId: context.correlationId ?? context.causationId }),
  );
}
