import { Query, QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import type { Issuance } from '@platform/contracts';
import { CrlPublisher } from './crl-publisher';

export class GetCrlQuery extends Query<Issuance.GetCrlResponse> {
  constructor(readonly input: Issuance.GetCrlRequest) {
    super();
  }
}

/** Serves the stored CRL; one is published first when due, so a download never gets a stale one. */
@QueryHandler(GetCrlQuery)
export class GetCrlHandler implements IQueryHandler<GetCrlQuery> {
  constructor(private readonly publisher: CrlPublisher) {}

  async execute({ input }: GetCrlQuery): Promise<Issuance.GetCrlResponse> {
    const { crlDer, number, thisUpdate, nextUpdate } = await this.publisher.current(input.issuerId);
    return { crlDer, number, thisUpdate, nextUpdate };
  }
}
