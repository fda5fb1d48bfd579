import { Inject } from '@nestjs/common';
import { Query, QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import type { Issuance } from '@platform/contracts';
import { CLOCK, type Clock } from '@platform/kernel';
import type { CertificateAuthority } from '@platform/pki';
import { CERTIFICATE_AUTHORITY } from '../issuance.tokens';
import { CertificateListProjection } from '../projections/certificate-list.projection';
import { statusOfSerial } from '../projections/certificate-status.projection';

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
    const em = this.readModel.em();
    const response = await this.ca.respondOcsp(
      Buffer.from(input.requestDer, 'base64'),
      (issuerId, serial) => statusOfSerial(em, issuerId, serial),
      this.clock.now(),
    );
    return { responseDer: response.toString('base64') };
  }
}
