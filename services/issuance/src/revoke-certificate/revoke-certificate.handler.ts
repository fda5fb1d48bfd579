import { Inject } from '@nestjs/common';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { CertificateView, Issuance } from '@platform/contracts';
import { type EventStore, eventMetadata, handleCommand } from '@platform/event-store';
import { CLOCK, type Clock, isOperator } from '@platform/kernel';
import { certificateDecider, certificateExists } from '../certificate/certificate.decider';
import { requirePrivilege, revokePrivilege } from '../certificate/certificate-scope';
import { certificateStream } from '../certificate/certificate.events';
import { toCertificateView } from '../certificate/certificate.view';
import { loadCertificateInScope } from '../certificate/load-certificate';
import { ISSUANCE_STORE } from '../issuance.tokens';
import { CertificateListProjection } from '../projections/certificate-list.projection';

export class RevokeCertificateCommand extends Command<CertificateView> {
  constructor(
    readonly input: Issuance.RevokeCertificateRequest,
    readonly correlationId?: string,
  ) {
    super();
  }
}

@CommandHandler(RevokeCertificateCommand)
export class RevokeCertificateHandler implements ICommandHandler<RevokeCertificateCommand> {
  constructor(
    @Inject(ISSUANCE_STORE) private readonly store: EventStore,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly list: CertificateListProjection,
  ) {}

  async execute({ input, correlationId }: RevokeCertificateCommand): Promise<CertificateView> {
    const { actor, certificateId, reason } = input;
    const { state: current } = await loadCertificateInScope(this.store, actor, certificateId);
    const c = current.certificate;
    requirePrivilege(actor, revokePrivilege(c.certificateType ?? 'ov-ssl'), { organisationId: c.organisationId, ...(c.departmentId ? { departmentId: c.departmentId } : {}) });
    const at = this.clock.now();
    const { state, position } = await handleCommand(
      this.store,
      certificateStream(certificateId),
      certificateDecider,
      { type: 'RevokeCertificate', reason, at, by: actor.adminId, byOperator: isOperator(actor) },
      eventMetadata({ at, actor: actor.adminId, correlationId }),
    );
    if (!certificateExists(state)) throw new Error('unreachable: revoked a missing certificate');
    // Both read models: the listing, and the status that OCSP answers and keyCompromise blocks keys with.
    if (position !== undefined) await this.list.waitFor(position);
    return toCertificateView(state);
  }
}
