import { EntitySchema } from '@mikro-orm/core';

/** One row per subscription: what MRAO views filter on and what the scheduler's due-date index reads. */
export interface SubscriptionRow {
  organisationId: string;
  status: 'active' | 'suspended';
  usageClass: string;
  allowance: number;
  termStart: string;
  termEnd: string;
  tally: number;
  reminderSent: boolean;
  renewed: boolean;
  awaitingPoInvoice?: string;
  poDueBy?: string;
  /** the earliest instant at which the scheduler has something to record for this subscription */
  nextDueAt: Date;
}

export const SubscriptionRowSchema = new EntitySchema<SubscriptionRow>({
  name: 'SubscriptionRow',
  tableName: 'billing_subscription',
  properties: {
    organisationId: { type: 'string', primary: true },
    status: { type: 'string' },
    usageClass: { type: 'string' },
    allowance: { type: 'integer' },
    termStart: { type: 'string' },
    termEnd: { type: 'string', index: true },
    tally: { type: 'integer' },
    reminderSent: { type: 'boolean' },
    renewed: { type: 'boolean' },
    awaitingPoInvoice: { type: 'string', nullable: true },
    poDueBy: { type: 'string', nullable: true },
    nextDueAt: { type: 'datetime', index: true },
  },
});

/** Open reservations: the scheduler releases those whose issuance never finished. */
export interface ReservationRow {
  certificateId: string;
  organisationId: string;
  reservedAt: Date;
}

export const ReservationRowSchema = new EntitySchema<ReservationRow>({
  name: 'ReservationRow',
  tableName: 'billing_reservation',
  properties: {
    certificateId: { type: 'string', primary: true },
    organisationId: { type: 'string' },
    reservedAt: { type: 'datetime', index: true },
  },
});

export interface InvoiceRow {
  /** `<organisationId>/<invoiceNumber>`: numbers are per organisation (their prefix is short, not unique) */
  id: string;
  invoiceNumber: string;
  organisationId: string;
  termStart: string;
  reason: string;
  poNumber?: string;
  /** JSON array of { description, amountPence } */
  lines: string;
  totalPence: number;
  status: 'awaiting-po' | 'issued';
  raisedAt: Date;
}

export const InvoiceRowSchema = new EntitySchema<InvoiceRow>({
  name: 'InvoiceRow',
  tableName: 'billing_invoice',
  properties: {
    id: { type: 'string', primary: true },
    invoiceNumber: { type: 'string', index: true },
    organisationId: { type: 'string', index: true },
    termStart: { type: 'string' },
    reason: { type: 'string' },
    poNumber: { type: 'string', nullable: true },
    lines: { type: 'text' },
    totalPence: { type: 'integer' },
    status: { type: 'string' },
    raisedAt: { type: 'datetime', index: true },
  },
});
