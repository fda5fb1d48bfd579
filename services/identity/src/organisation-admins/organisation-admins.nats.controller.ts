import { Injectable } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { Identity } from '@platform/contracts';
import { OnRequest } from '@platform/messaging';
import { OrganisationAdminsQuery } from './organisation-admins.handler';

/** Translation only; kept apart from identity.nats.controller.ts so the two change independently. */
@Injectable()
export class OrganisationAdminsNatsController {
  constructor(private readonly queries: QueryBus) {}

  @OnRequest(Identity.OrganisationAdmins)
  organisationAdmins(input: Identity.OrganisationAdminsRequest) {
    return this.queries.execute(new OrganisationAdminsQuery(input));
  }
}
