import { Injectable } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { Identity } from '@platform/contracts';
import { OnRequest } from '@platform/messaging';
import { AdminAccessQuery } from './admin-access.handler';

@Injectable()
export class AdminAccessNatsController {
  constructor(private readonly queries: QueryBus) {}

  @OnRequest(Identity.AdminAccess)
  adminAccess(input: Identity.AdminAccessRequest) {
    return this.queries.execute(new AdminAccessQuery(input));
  }
}
