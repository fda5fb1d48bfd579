import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { Issuance } from '@platform/contracts';
import type { EventStore, RecordedEvent } from '@platform/event-store';
import { IntegrationEventRelay, MESSAGE_BUS, type MessageBus } from '@platform/messaging';
import { CERTIFICATE_STREAM_PREFIX, type CertificateStreamEvent } from './certificate/certificate.events';
import { ISSUANCE_STORE } from './issuance.tokens';

/** Private domain events → versioned integration events (pure, so a replay publishes the same). */
export function translate(recorded: RecordedEvent) {
  if (!recorded.streamId.startsWith(CERTIFICATE_STREAM_PREFIX)) return [];
  const event = recorded as unknown as CertificateStreamEvent;
  switch (event.type) {
    case 'CertificateIssued': {
      const { certificateId, organisationId, departmentId, serialNumber, names, issuedAt, requestedBy, notAfter, commonName } = event.data;
      const data = {
        certificateId,
        organisationId,
        ...(departmentId ? { departmentId } : {}),
        serialNumber,
        names,
        issuedAt,
        requestedBy,
        notAfter,
        ...(commonName ? { commonName } : {}),
      };
      return [{ contract: Issuance.CertificateIssued, data }];
    }
    case 'CertificateRevoked': {
      const { certificateId, organisationId, departmentId, serialNumber, issuedAt, revokedAt, reason, revokedBy } = event.data;
      const data = { certificateId, organisationId, ...(departmentId ? { departmentId } : {}), serialNumber, issuedAt, revokedAt, reason, revokedBy };
      return [{ contract: Issuance.CertificateRevoked, data }];
    }
    // A held request: notifications asks its approvers (admins with approve-ssl in its scope).
    case 'CertificateRequestSubmitted': {
      const { certificateId, organisationId, departmentId, requestedBy, requestedByEmail, names, certificateType, requestedAt } = event.data;
      const data = {
        requestId: certificateId,
        organisationId,
        ...(departmentId ? { departmentId } : {}),
        requestedBy,
        ...(requestedByEmail ? { requestedByEmail } : {}),
        names,
        certificateType,
        requestedAt,
      };
      return [{ contract: Issuance.CertificateRequestAwaitingApproval, data }];
    }
    // The request's own events stay inside issuance: billing learns of the unit through its own requests.
    case 'CertificateRequestApproved':
    case 'CertificateRequestDeclined':
    case 'CertificateRequestRefused':
    case 'CertificateRequested':
    case 'CertificateRequestResumed':
    case 'CertificateRequestFailed':
    case 'CertificateRequestUnitReturned':
      return [];
    default: {
      const unreachable: never = event;
      return unreachable;
    }
  }
}

/** Publishes from a checkpointed subscription on the issuance store, never from the request path. */
@Injectable()
export class IssuanceRelay implements OnApplicationBootstrap, OnApplicationShutdown {
  private relay?: IntegrationEventRelay;

  constructor(
    @Inject(ISSUANCE_STORE) private readonly store: EventStore,
    @Inject(MESSAGE_BUS) private readonly bus: MessageBus,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    this.relay = new IntegrationEventRelay({ name: 'issuance', store: this.store, bus: this.bus, translate });
    await this.relay.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.relay?.stop();
  }
}
