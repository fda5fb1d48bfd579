import { Inject } from '@nestjs/common';
import { Query, QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import type { Identity } from '@platform/contracts';
import type { EventStore } from '@platform/event-store';
import { type Grant, type Scope, grantCovers, grantPrivileges } from '@platform/kernel';
import { allAdmins } from '../admin/admin-directory';
import { IDENTITY_STORE } from '../identity.tokens';

/** Whom to ask for something in a scope (issuance's approvals → notifications): active accounts only, no secrets. */
export class AdminsWithPrivilegeQuery extends Query<Identity.AdminsWithPrivilegeResponse> {
  constructor(readonly input: Identity.AdminsWithPrivilegeRequest) {
    super();
  }
}

const NARROW_FIRST: Grant['role'][] = ['DRAO', 'RAO', 'MRAO'];

@QueryHandler(AdminsWithPrivilegeQuery)
export class AdminsWithPrivilegeHandler implements IQueryHandler<AdminsWithPrivilegeQuery> {
  constructor(@Inject(IDENTITY_STORE) private readonly store: EventStore) {}

  async execute({ input: { organisationId, departmentId, privilege } }: AdminsWithPrivilegeQuery): Promise<Identity.AdminsWithPrivilegeResponse> {
    const scope: Scope = { organisationId, ...(departmentId ? { departmentId } : {}) };
    const admins: Identity.AdminsWithPrivilegeResponse['admins'] = [];
    for (const a of await allAdmins(this.store)) {
      if (a.status !== 'active') continue;
      const holding = a.grants.filter((g) => grantCovers(g, scope) && grantPrivileges(g).includes(privilege));
      const role = NARROW_FIRST.find((r) => holding.some((g) => g.role === r));
      if (role) admins.push({ adminId: a.adminId, email: a.email, name: a.name, role });
    }
    return { admins: admins.sort((a, b) => a.email.localeCompare(b.email)) };
  }
}
