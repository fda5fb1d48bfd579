import { Query, QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { Issuance } from '@platform/contracts';
import { CrlPublisher } from './crl-publisher';

export class GetCrlQuery extends Query<Issuance.GetCrlResponse> {
  constructor(readonly input: Issuance.GetCrlRequest) {
    super();
  }
}

export class GetCrlInfoQuery extends Query<Issuance.GetCrlInfoResponse> {
  constructor(readonly input: Issuance.GetCrlInfoRequest) {
    super();
  }
}

export class GetCrlPartQuery extends Query<Issuance.GetCrlPartResponse> {
  constructor(readonly input: Issuance.GetCrlPartRequest) {
    super();
  }
}

/** Serves the CRL held in memory; one is published first when due (a day old), so a download never gets a stale one. */
@QueryHandler(GetCrlQuery)
export class GetCrlHandler implements IQueryHandler<GetCrlQuery> {
  constructor(private readonly publisher: CrlPublisher) {}

  async execute({ input }: GetCrlQuery): Promise<Issuance.GetCrlResponse> {
    const { der, number, thisUpdate, nextUpdate } = await this.publisher.current(input.issuerId);
    return { crlDer: der.toString('base64'), number, thisUpdate, nextUpdate };
  }
}

/** The held CRL's number, times and digest, without its bytes: what a front end keeping a copy checks. */
@QueryHandler(GetCrlInfoQuery)
export class GetCrlInfoHandler implements IQueryHandler<GetCrlInfoQuery> {
  constructor(private readonly publisher: CrlPublisher) {}

  async execute({ input }: GetCrlInfoQuery): Promise<Issuance.GetCrlInfoResponse> {
    const { number, thisUpdate, nextUpdate, sha256 } = await this.publisher.current(input.issuerId);
    return { number, thisUpdate, nextUpdate, sha256 };
  }
}

/** A part of the held CRL with the asked-for bytes (CRL_NOT_HELD when this instance holds other bytes). */
@QueryHandler(GetCrlPartQuery)
export class GetCrlPartHandler implements IQueryHandler<GetCrlPartQuery> {
  constructor(private readonly publisher: CrlPublisher) {}

  async execute({ input }: GetCrlPartQuery): Promise<Issuance.GetCrlPartResponse> {
    const { der } = this.publisher.heldBytes(input.issuerId, input.sha256);
    return { totalBytes: der.length, partDer: der.subarray(input.offset, input.offset + Issuance.CRL_PART_BYTES).toString('base64') };
  }
}
