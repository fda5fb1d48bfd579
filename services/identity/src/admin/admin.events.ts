import type { Grant } from '@platform/kernel';

export type AdminType = 'standard' | 'idp' | 'api';

/** Domain events of an admin account (stream `admin-<uuid>`). Stable type strings; fields only ever added. */
export type AdminEvent =
  | {
      type: 'AdminCreated';
      /** `type` absent on accounts created before admin types existed: standard */
      data: { adminId: string; email: string; name: string; grants: Grant[]; createdBy: string; type?: 'standard' | 'api' };
    }
  | {
      type: 'AdminInvited';
      data: {
        adminId: string;
        invitationId: string;
        email: string;
        name: string;
        grants: Grant[];
        expiresAt: string;
        invitedBy: string;
      };
    }
  | { type: 'PasswordSet'; data: { adminId: string; passwordHash: string; invitationId?: string; /** a change by the admin: ends older sessions */ changedAt?: string } }
  | { type: 'ApiCredentialSet'; data: { adminId: string; secretHash: string } }
  | { type: 'AdminSuspended'; data: { adminId: string; by: string } }
  | { type: 'AdminReactivated'; data: { adminId: string; by: string } }
  | { type: 'AdminDeleted'; data: { adminId: string; by: string } }
  | { type: 'GrantsChanged'; data: { adminId: string; grants: Grant[]; previous: Grant[]; by: string } }
  | { type: 'SignInFailed'; data: { adminId: string; at: string } }
  | { type: 'SignedIn'; data: { adminId: string; at: string; method: 'password' | 'idp' | 'api' } }
  | {
      type: 'IdpInvited';
      /** e-mail and name ride along so the mail can be written from this event alone */
      data: { adminId: string; email: string; name: string; invitationId: string; expiresAt: string; invitedBy: string };
    }
  | { type: 'IdpBound'; data: { adminId: string; invitationId: string; issuer: string; subject: string } };

export const adminStream = (adminId: string): string => `admin-${adminId}`;

export const ADMIN_EVENT_TYPES: ReadonlySet<string> = new Set<AdminEvent['type']>([
  'AdminCreated',
  'AdminInvited',
  'PasswordSet',
  'ApiCredentialSet',
  'AdminSuspended',
  'AdminReactivated',
  'AdminDeleted',
  'GrantsChanged',
  'SignInFailed',
  'SignedIn',
  'IdpInvited',
  'IdpBound',
]);

/** One stream per e-mail address: appending with "no stream" makes addresses unique. */
export type EmailClaimEvent = { type: 'EmailClaimed'; data: { email: string; adminId: string } };

/** One stream per IdP identity (issuer + subject): an identity binds to one account only. */
export type IdpClaimEvent = { type: 'IdpIdentityClaimed'; data: { issuer: string; subject: string; adminId: string } };
