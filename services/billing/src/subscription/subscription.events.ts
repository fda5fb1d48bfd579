import type { UsageClass } from '../usage-classes';

/** Domain events of the subscription aggregate (stream `subscription-<organisationId>`). Stable type strings. */
export type SubscriptionEvent =
  | {
      type: 'SubscriptionStarted';
      data: {
        organisationId: string;
        usageClass: UsageClass;
        allowance: number;
        member: boolean;
        pricePence: number;
        /** YYYY-MM-DD, inclusive */
        termStart: string;
        /** YYYY-MM-DD, exclusive: one calendar year after termStart */
        termEnd: string;
      };
    }
  | { type: 'AllowanceReserved'; data: { certificateId: string; termStart: string; reservedAt: string } }
  | { type: 'AllowanceReleased'; data: { certificateId: string; termStart: string; releasedAt: string } }
  | { type: 'CertificateCounted'; data: { certificateId: string; termStart: string; issuedAt: string } }
  | {
      type: 'CertificateRefunded';
      data: { certificateId: string; termStart: string; issuedAt: string; revokedAt: string; hoursSinceIssuance: number };
    };

export const subscriptionStream = (organisationId: string): string => `subscription-${organisationId}`;
