import type { Grant } from '@platform/kernel';

/** Domain events of an admin account (stream `admin-<uuid>`). Stable type strings. */
export type AdminEvent =
  | { type: 'AdminCreated'; data: { adminId: string; email: string; name: string; grants: Grant[]; createdBy: string } }
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
  | { type: 'PasswordSet'; data: { adminId: string; passwordHash: string; invitationId?: string } };

export const adminStream = (adminId: string): string => `admin-${adminId}`;

/** One stream per e-mail address: appending with "no stream" makes addresses unique. */
export type EmailClaimEvent = { type: 'EmailClaimed'; data: { email: string; adminId: string } };
