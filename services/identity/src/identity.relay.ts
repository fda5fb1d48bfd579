import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { Identity } from '@platform/contracts';
import type { EventStore, RecordedEvent } from '@platform/event-store';
import { IntegrationEventRelay, MESSAGE_BUS, type MessageBus } from '@platform/messaging';
import type { AdminEvent } from './admin/admin.events';
import { invitationToken } from './admin/invitation-token';
import { IDENTITY_SECRET, IDENTITY_STORE } from './identity.tokens';
import type { OrganisationEvent } from './organisation/organisation.events';

/** Private domain events → versioned integration events. The invitation link is derived here, never stored. */
export function translate(secret: Buffer, recorded: RecordedEvent) {
  const event = recorded as unknown as AdminEvent | OrganisationEvent;
  switch (event.type) {
    case 'AdminInvited': {
      const { adminId, invitationId, email, name, grants, expiresAt, invitedBy } = event.data;
      const [grant] = grants;
      return [
        {
          contract: Identity.AdminInvited,
          data: {
            adminId,
            email,
            name,
            role: grant.role,
            ...(grant.organisationId ? { organisationId: grant.organisationId } : {}),
            invitedBy,
            invitationToken: invitationToken(secret, adminId, invitationId),
            expiresAt,
          },
        },
      ];
    }
    case 'IdpInvited': {
      const { adminId, email, name, invitationId, expiresAt, invitedBy } = event.data;
      const token = invitationToken(secret, adminId, invitationId, 'idp-invitation');
      return [{ contract: Identity.AdminIdpInvited, data: { adminId, email, name, invitedBy, invitationToken: token, expiresAt } }];
    }
    case 'OrganisationCreated': {
      const { organisationId, name, member, createdBy } = event.data;
      return [{ contract: Identity.OrganisationCreated, data: { organisationId, name, member, createdBy } }];
    }
    case 'OrganisationRenamed':
      return [{ contract: Identity.OrganisationRenamed, data: event.data }];
    case 'OrganisationMembershipChanged':
      return [{ contract: Identity.OrganisationMembershipChanged, data: event.data }];
    default:
      return [];
  }
}

@Injectable()
export class IdentityRelay implements OnApplicationBootstrap, OnApplicationShutdown {
  private relay?: IntegrationEventRelay;

  constructor(
    @Inject(IDENTITY_STORE) private readonly store: EventStore,
    @Inject(IDENTITY_SECRET) private readonly secret: Buffer,
    @Inject(MESSAGE_BUS) private readonly bus: MessageBus,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    this.relay = new IntegrationEventRelay({
      name: 'identity',
      store: this.store,
      bus: this.bus,
      translate: (e) => translate(this.secret, e),
    });
    await this.relay.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.relay?.stop();
  }
}
