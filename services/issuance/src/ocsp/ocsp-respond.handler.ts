import { Inject } from '@nestjs/common';
import { Query, QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import type { Issuance } from '@platform/contracts';
import { CLOCK, type Clock } from '@platform/kernel';
import type { CertificateAuthority } from '@platform/pki';
import { CERTIFICATE_AUTHORITY } from '../issuance.tokens';
import { CertificateListProjection } from '../projections/certificate-list.projection';
import { statusOfSerial } from '../projections/certificate-status.projection';

const CATCH_UP_MS = 1_000;

export class OcspRespondQuery extends Query<Issuance.OcspRespondResponse> {
  constructor(readonly input: Issuance.OcspRespondRequest) {
    super();
  }
}

/** RFC 6960 responder: statuses from the status read model, signed by the issuing CA at the clock's "now". */
@QueryHandler(OcspRespondQuery)
export class OcspRespondHandler implements IQueryHandler<OcspRespondQuery> {
  constructor(
    @Inject(CERTIFICATE_AUTHORITY) private readonly ca: CertificateAuthority,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly readModel: CertificateListProjection,
  ) {}

  async execute({ input }: OcspRespondQuery): Promise<Issuance.OcspRespondResponse> {
    const response = await this.ca.respondOcsp(Buffer.from(input.requestDer, 'base64'), (issuerId, serial) => this.status(issuerId, serial), this.clock.now());
    return { responseDer: response.toString('base64') };
  }

  /**
   * Issuance does not wait for the read model, so a certificate issued a moment ago may not be in
   * it yet: before answering "unknown", wait until it holds everything issued so far, and look again.
   * For a second at most: a responder must answer, and a stalled read model would else hold every
   * request for a serial it does not know.
   */
  private async status(issuerId: string, serial: string) {
    const status = await statusOfSerial(this.readModel.em(), issuerId, serial);
    if (status.status !== 'unknown') return status;
    const caughtUp = await this.readModel.caughtUp(CATCH_UP_MS).then(() => true, () => false);
    return caughtUp ? statusOfSerial(this.readModel.em(), issuerId, serial) : status;
  }
}
