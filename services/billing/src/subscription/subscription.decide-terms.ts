import { DomainError } from '@platform/kernel';
import { USAGE_CLASSES, type UsageClass, priceOf } from '../usage-classes';
import { addOneYear, dayOf } from './subscription.calendar';
import type { SubscriptionEvent } from './subscription.events';
import { classLine, classRank, invoiceNumber, upgradeCharge } from './subscription.pricing';
import type { ActiveSubscription } from './subscription.state';

/** Upgrades, renewals and purchase orders: the commands that raise or settle invoices. */

export type UpgradeSubscription = { type: 'UpgradeSubscription'; usageClass: UsageClass; member: boolean; at: Date; by: string };
export type RenewSubscription = {
  type: 'RenewSubscription';
  usageClass?: UsageClass;
  member: boolean;
  poNumber: string;
  at: Date;
  by: string;
  byEmail?: string;
  /** the token of the reminder's link, when renewing through it */
  renewalLink?: string;
};
export type ProvidePurchaseOrder = { type: 'ProvidePurchaseOrder'; poNumber: string; invoiceNumber?: string; at: Date; by: string };

const suspendedError = (s: ActiveSubscription) =>
  new DomainError(
    'SUBSCRIPTION_SUSPENDED',
    'unprocessable',
    `The subscription is suspended because invoice ${s.awaitingPo?.invoiceNumber ?? ''} has no purchase order number: provide one to reinstate it.`,
    { invoiceNumber: s.awaitingPo?.invoiceNumber, suspendedAt: s.suspendedAt },
  );

export function decideUpgrade(command: UpgradeSubscription, s: ActiveSubscription): SubscriptionEvent[] {
  if (s.status === 'suspended') throw suspendedError(s);
  const { usageClass: to, member, at, by } = command;
  if (classRank(to) <= classRank(s.usageClass))
    throw new DomainError(
      to === s.usageClass ? 'ALREADY_ON_USAGE_CLASS' : 'DOWNGRADE_NOT_ALLOWED',
      'unprocessable',
      to === s.usageClass
        ? `The subscription is already on usage class ${to}.`
        : `Usage class ${to} is lower than the current class ${s.usageClass}: a term cannot be downgraded. Choose a lower class when renewing for the next term.`,
      { currentClass: s.usageClass, requestedClass: to },
    );
  const upgradedOn = dayOf(at);
  const charge = upgradeCharge({ from: s.usageClass, to, member, termStart: s.term.start, termEnd: s.term.end, upgradedOn });
  const number = invoiceNumber(s.organisationId, s.invoiceCount + 1);
  return [
    {
      type: 'SubscriptionUpgraded',
      data: {
        termStart: s.term.start,
        fromClass: s.usageClass,
        toClass: to,
        allowance: USAGE_CLASSES[to].allowance,
        member,
        pricePence: priceOf(to, member),
        upgradedOn,
        ...charge,
        invoiceNumber: number,
        upgradedBy: by,
      },
    },
    {
      type: 'InvoiceRaised',
      data: {
        invoiceNumber: number,
        organisationId: s.organisationId,
        termStart: s.term.start,
        reason: 'upgrade',
        lines: [
          {
            description: `Upgrade from usage class ${s.usageClass} to ${to} for ${charge.daysLeft} of ${charge.daysInTerm} days (${upgradedOn} to ${s.term.end})`,
            amountPence: charge.amountPence,
          },
        ],
        totalPence: charge.amountPence,
        // An upgrade is invoiced at once; a PO can be attached later. Only renewals wait for one.
        status: 'issued',
        raisedAt: at.toISOString(),
      },
    },
  ];
}

/**
 * Renewing decides the next term, starting at the current term's end. Renewing a term that is renewed
 * already gives no events (the handler tells who renewed and when); a PO given through the link of a
 * term that was renewed automatically settles that renewal's invoice.
 */
export function decideRenewal(command: RenewSubscription, s: ActiveSubscription): SubscriptionEvent[] {
  const linkTerm = command.renewalLink === undefined ? s.term.start : s.renewalLinks[command.renewalLink];
  if (!linkTerm)
    throw new DomainError(
      'RENEWAL_LINK_INVALID',
      'not_found',
      'This renewal link is not known: use the link of the latest reminder e-mail, or renew from the subscription page.',
    );
  const done = s.renewals[linkTerm];
  if (done) {
    if (done.automatic && s.awaitingPo?.invoiceNumber === done.invoiceNumber)
      return decidePurchaseOrder({ type: 'ProvidePurchaseOrder', poNumber: command.poNumber, at: command.at, by: command.by }, s);
    return [];
  }
  if (s.status === 'suspended') throw suspendedError(s);
  const usageClass = command.usageClass ?? s.usageClass;
  const pricePence = priceOf(usageClass, command.member);
  const termStart = s.term.end;
  const termEnd = addOneYear(termStart);
  const number = invoiceNumber(s.organisationId, s.invoiceCount + 1);
  const at = command.at.toISOString();
  return [
    {
      type: 'SubscriptionRenewed',
      data: {
        fromTermStart: s.term.start,
        termStart,
        termEnd,
        usageClass,
        allowance: USAGE_CLASSES[usageClass].allowance,
        pricePence,
        member: command.member,
        automatic: false,
        poNumber: command.poNumber,
        renewedBy: command.by,
        renewedByEmail: command.byEmail,
        renewedAt: at,
        invoiceNumber: number,
      },
    },
    {
      type: 'InvoiceRaised',
      data: {
        invoiceNumber: number,
        organisationId: s.organisationId,
        termStart,
        reason: 'renewal',
        poNumber: command.poNumber,
        lines: [{ description: `Renewal: ${classLine(usageClass, termStart, termEnd)}`, amountPence: pricePence }],
        totalPence: pricePence,
        status: 'issued',
        raisedAt: at,
      },
    },
  ];
}

const onlyAwaitingPo = (s: ActiveSubscription): string | undefined => {
  const waiting = Object.entries(s.invoices).filter(([, invoice]) => invoice.status === 'awaiting-po');
  return waiting.length === 1 ? waiting[0][0] : undefined;
};

export function decidePurchaseOrder(command: ProvidePurchaseOrder, s: ActiveSubscription): SubscriptionEvent[] {
  // Without a number: the invoice an automatic renewal waits on, else the one other invoice waiting for a PO (the first term's).
  const target = command.invoiceNumber ?? s.awaitingPo?.invoiceNumber ?? onlyAwaitingPo(s);
  const invoice = target ? s.invoices[target] : undefined;
  if (!target || !invoice)
    throw new DomainError(
      command.invoiceNumber ? 'INVOICE_NOT_FOUND' : 'NO_INVOICE_AWAITING_PO',
      command.invoiceNumber ? 'not_found' : 'conflict',
      command.invoiceNumber ? `There is no invoice ${command.invoiceNumber} for this organisation.` : 'No invoice of this organisation is waiting for a purchase order number.',
    );
  if (invoice.poNumber === command.poNumber) return []; // the same PO again: nothing changes
  const at = command.at.toISOString();
  const events: SubscriptionEvent[] = [
    {
      type: 'PurchaseOrderReceived',
      data: { invoiceNumber: target, poNumber: command.poNumber, termStart: invoice.termStart, receivedBy: command.by, receivedAt: at },
    },
  ];
  if (s.status === 'suspended' && s.awaitingPo?.invoiceNumber === target)
    events.push({ type: 'SubscriptionReinstated', data: { termStart: s.term.start, reinstatedAt: at } });
  return events;
}
