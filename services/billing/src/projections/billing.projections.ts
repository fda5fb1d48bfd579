import type { EntityManager } from '@mikro-orm/knex';
import type { RecordedEvent } from '@platform/event-store';
import type { Projection } from '@platform/read-model';
import type { SubscriptionEvent } from '../subscription/subscription.events';
import { scheduleDueAt } from '../subscription/subscription.schedule';
import { InvoiceRowSchema, ReservationRowSchema, type SubscriptionRow, SubscriptionRowSchema } from './billing-rows.entity';

const SUBSCRIPTION_TYPES = new Set<string>([
  'SubscriptionStarted',
  'AllowanceReserved',
  'AllowanceReleased',
  'CertificateCounted',
  'CertificateRefunded',
  'CertificateUncounted',
  'SubscriptionUpgraded',
  'RenewalReminderSent',
  'SubscriptionRenewed',
  'TermStarted',
  'SubscriptionSuspended',
  'PurchaseOrderReceived',
  'SubscriptionReinstated',
]);

const reschedule = (row: SubscriptionRow) => {
  row.nextDueAt = scheduleDueAt({
    termEnd: row.termEnd,
    reminderSent: row.reminderSent,
    renewed: row.renewed,
    poDueBy: row.status === 'active' && row.awaitingPoInvoice ? row.poDueBy : undefined,
  });
};

/** Removes the reservation's row: not written at all if made in this batch, else deleted by its key. */
// (`as never`: the schema declares no PrimaryKeyProp, so the typings do not know the key is a string.)
const closeReservation = (em: EntityManager, certificateId: string) => em.remove(em.getReference(ReservationRowSchema, certificateId as never));

/** The subscription index (MRAO views, scheduler due dates) and the open reservations. */
export const subscriptionIndexProjection: Projection = {
  name: 'billing-subscriptions',
  entities: [SubscriptionRowSchema, ReservationRowSchema],
  handles: (type) => SUBSCRIPTION_TYPES.has(type),
  // Through the unit of work only: a reservation made and counted within one batch is never written,
  // and a burst of counts updates the subscription's row once.
  flush: 'per-batch',
  // A reservation is counted (or released) a moment after it is made: gathered for a second, most
  // pairs cancel out in the batch. Nothing reads the tally the instant it moves (allowance is the
  // aggregate's to enforce); the handlers whose callers read at once wait for their position.
  liveDelayMs: 1_000,
  async apply(em: EntityManager, recorded: RecordedEvent) {
    const event = recorded as unknown as SubscriptionEvent;
    const organisationId = recorded.streamId.slice('subscription-'.length);
    if (event.type === 'SubscriptionStarted') {
      const d = event.data;
      const row = em.create(SubscriptionRowSchema, {
        organisationId,
        status: 'active',
        usageClass: d.usageClass,
        allowance: d.allowance,
        termStart: d.termStart,
        termEnd: d.termEnd,
        tally: 0,
        reminderSent: false,
        renewed: false,
        nextDueAt: new Date(0),
      });
      reschedule(row);
      return;
    }
    if (event.type === 'AllowanceReserved') {
      em.create(ReservationRowSchema, { certificateId: event.data.certificateId, organisationId, reservedAt: new Date(event.data.reservedAt) });
      return;
    }
    if (event.type === 'AllowanceReleased') {
      closeReservation(em, event.data.certificateId);
      return;
    }
    const row = await em.findOneOrFail(SubscriptionRowSchema, { organisationId });
    switch (event.type) {
      case 'CertificateCounted':
        closeReservation(em, event.data.certificateId);
        if (event.data.termStart === row.termStart) row.tally += 1;
        break;
      case 'CertificateRefunded':
      case 'CertificateUncounted':
        if (event.data.termStart === row.termStart) row.tally -= 1;
        break;
      case 'SubscriptionUpgraded':
        row.usageClass = event.data.toClass;
        row.allowance = event.data.allowance;
        break;
      case 'RenewalReminderSent':
        row.reminderSent = true;
        break;
      case 'SubscriptionRenewed':
        row.renewed = true;
        if (event.data.automatic) {
          row.awaitingPoInvoice = event.data.invoiceNumber;
          row.poDueBy = event.data.poDueBy;
        }
        break;
      case 'TermStarted':
        Object.assign(row, {
          termStart: event.data.termStart,
          termEnd: event.data.termEnd,
          usageClass: event.data.usageClass,
          allowance: event.data.allowance,
          tally: 0,
          reminderSent: false,
          renewed: false,
        });
        break;
      case 'SubscriptionSuspended':
        row.status = 'suspended';
        break;
      case 'PurchaseOrderReceived':
        if (row.awaitingPoInvoice === event.data.invoiceNumber) {
          row.awaitingPoInvoice = undefined;
          row.poDueBy = undefined;
        }
        break;
      case 'SubscriptionReinstated':
        row.status = 'active';
        break;
      default:
        return;
    }
    reschedule(row);
  },
};

/** Invoices as finance reads them. */
export const invoiceProjection: Projection = {
  name: 'billing-invoices',
  entities: [InvoiceRowSchema],
  handles: (type) => type === 'InvoiceRaised' || type === 'PurchaseOrderReceived',
  flush: 'per-batch',
  async apply(em: EntityManager, recorded: RecordedEvent) {
    const event = recorded as unknown as SubscriptionEvent;
    if (event.type === 'InvoiceRaised') {
      const { lines, raisedAt, ...rest } = event.data;
      em.create(InvoiceRowSchema, { id: `${rest.organisationId}/${rest.invoiceNumber}`, ...rest, lines: JSON.stringify(lines), raisedAt: new Date(raisedAt) });
    } else if (event.type === 'PurchaseOrderReceived') {
      const organisationId = recorded.streamId.slice('subscription-'.length);
      const row = await em.findOneOrFail(InvoiceRowSchema, { id: `${organisationId}/${event.data.invoiceNumber}` });
      row.poNumber = event.data.poNumber;
      row.status = 'issued';
    }
  },
};
