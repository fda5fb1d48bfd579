import type { UsageClass } from '../usage-classes';

export interface InvoiceLine {
  description: string;
  amountPence: number;
}

/** What the organisation is asked to pay; `awaiting-po` until a purchase order number is attached. */
export interface Invoice {
  invoiceNumber: string;
  organisationId: string;
  /** the term the invoice is for */
  termStart: string;
  reason: 'first-term' | 'upgrade' | 'renewal' | 'auto-renewal';
  poNumber?: string;
  lines: InvoiceLine[];
  totalPence: number;
  status: 'awaiting-po' | 'issued';
  raisedAt: string;
}

/** The next term, decided before the current one ends (by an RAO) or at its end (automatically). */
export interface RenewalData {
  fromTermStart: string;
  termStart: string;
  termEnd: string;
  usageClass: UsageClass;
  allowance: number;
  pricePence: number;
  member: boolean;
  automatic: boolean;
  poNumber?: string;
  renewedBy: string;
  renewedByEmail?: string;
  renewedAt: string;
  invoiceNumber: string;
  /** automatic renewals only: without a PO by then, the subscription is suspended */
  poDueBy?: string;
}

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
  | {
      type: 'AllowanceReleased';
      /** reason absent in events stored before it existed: read as `failed` */
      data: { certificateId: string; termStart: string; releasedAt: string; reason?: 'failed' | 'expired' };
    }
  | { type: 'CertificateCounted'; data: { certificateId: string; termStart: string; issuedAt: string } }
  /** A unit confirmed for signing, given back because the certificate was never issued (not a revocation refund). */
  | { type: 'CertificateUncounted'; data: { certificateId: string; termStart: string; issuedAt: string; uncountedAt: string } }
  | {
      type: 'CertificateRefunded';
      data: { certificateId: string; termStart: string; issuedAt: string; revokedAt: string; hoursSinceIssuance: number };
    }
  | {
      type: 'SubscriptionUpgraded';
      data: {
        termStart: string;
        fromClass: UsageClass;
        toClass: UsageClass;
        allowance: number;
        member: boolean;
        /** the new class's yearly price */
        pricePence: number;
        upgradedOn: string;
        daysLeft: number;
        daysInTerm: number;
        amountPence: number;
        invoiceNumber: string;
        upgradedBy: string;
      };
    }
  | { type: 'InvoiceRaised'; data: Invoice }
  | { type: 'RenewalReminderSent'; data: { termStart: string; termEnd: string; renewalToken: string; sentAt: string } }
  | { type: 'SubscriptionRenewed'; data: RenewalData }
  | { type: 'TermStarted'; data: { termStart: string; termEnd: string; usageClass: UsageClass; allowance: number; startedAt: string } }
  | { type: 'SubscriptionSuspended'; data: { termStart: string; invoiceNumber: string; suspendedAt: string } }
  | {
      type: 'PurchaseOrderReceived';
      data: { invoiceNumber: string; poNumber: string; termStart: string; receivedBy: string; receivedAt: string };
    }
  | { type: 'SubscriptionReinstated'; data: { termStart: string; reinstatedAt: string } }
  /** identity changed the organisation's member flag: invoices raised from now on (an automatic renewal too) use it */
  | { type: 'MemberFlagChanged'; data: { member: boolean; changedAt: string } }
  /** The term's tally reached a share of the allowance (80 or 100 %), once per term and allowance. */
  | { type: 'AllowanceThresholdReached'; data: { termStart: string; percent: 80 | 100; tally: number; allowance: number; reachedAt: string } };

export type SubscriptionEventType = SubscriptionEvent['type'];

export const SUBSCRIPTION_STREAM_PREFIX = 'subscription-';
export const subscriptionStream = (organisationId: string): string => `${SUBSCRIPTION_STREAM_PREFIX}${organisationId}`;
