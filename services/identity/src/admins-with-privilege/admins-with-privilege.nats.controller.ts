import { Injectable } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { Identity } from '@platform/contracts';
import { OnRequest } from '@platform/messaging';
import { AdminsWithPrivilegeQuery } from './admins-with-privilege.handler';

/** Translation only; kept apart from identity.nats.controller.ts so the two change independently. */
@Injectable()
export class AdminsWithPrivilegeNatsController {
  constructor(private readonly queries: QueryBus) {}

  @OnRequest(Identity.AdminsWithPrivilege)
  adminsWithPrivilege(input: Identity.AdminsWithPrivilegeRequest) {
    return this.queries.execute(new AdminsWithPrivilegeQuery(input));
  }
}
