import type { Billing } from '@platform/contracts';
import type { Mail } from '../mail/templates';

export interface Recipient {
  email: string;
  name: string;
}

const pounds = (pence: number) => `£${(pence / 100).toLocaleString('en-GB', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;

export function renewalReminderMail(to: Recipient, organisation: string, e: Billing.RenewalReminderDueData, publicUrl: string): Mail {
  return {
    to: to.email,
    subject: `Renew the certificate service subscription of ${organisation} by ${e.termEnd}`,
    text: [
      `Dear ${to.name},`,
      '',
      `The subscription of ${organisation} to the certificate service ends on ${e.termEnd}.`,
      'Renew it with a purchase order number here (you may choose another usage class):',
      '',
      `${publicUrl}/renewals/${encodeURIComponent(e.renewalLink)}`,
      '',
      'Every administrator of your organisation received this link; the first renewal counts, and the link',
      'then shows who renewed and when. Without a renewal the service renews automatically at the term end',
      'and asks for a purchase order number.',
    ].join('\n'),
  };
}

export function autoRenewedMail(to: Recipient, organisation: string, e: Billing.SubscriptionAutoRenewedData, operator: boolean): Mail {
  return {
    to: to.email,
    subject: `${organisation}: subscription renewed automatically, purchase order number needed by ${e.poDueBy}`,
    text: [
      `Dear ${to.name},`,
      '',
      `The subscription of ${organisation} was not renewed before its term ended, so it was renewed automatically:`,
      `usage class ${e.usageClass}, ${e.termStart} to ${e.termEnd}, invoice ${e.invoiceNumber} for ${pounds(e.amountPence)}.`,
      '',
      operator
        ? `The organisation has been asked for a purchase order number; without one by ${e.poDueBy} the subscription is suspended.`
        : `Please provide a purchase order number for invoice ${e.invoiceNumber} by ${e.poDueBy}. Without it the subscription is suspended on that day and no certificate can be requested until it arrives (existing certificates stay valid).`,
    ].join('\n'),
  };
}

export function suspendedMail(to: Recipient, organisation: string, e: Billing.SubscriptionSuspendedData): Mail {
  return {
    to: to.email,
    subject: `${organisation}: subscription suspended until a purchase order number arrives`,
    text: [
      `Dear ${to.name},`,
      '',
      `No purchase order number arrived for invoice ${e.invoiceNumber}, so the subscription of ${organisation} is suspended.`,
      'No certificate can be requested by any path until a purchase order number is provided; existing certificates stay valid.',
    ].join('\n'),
  };
}

export function reinstatedMail(to: Recipient, organisation: string, e: Billing.SubscriptionReinstatedData): Mail {
  return {
    to: to.email,
    subject: `${organisation}: subscription active again`,
    text: [
      `Dear ${to.name},`,
      '',
      `A purchase order number arrived, so the subscription of ${organisation} is active again since ${e.reinstatedAt}.`,
      'Certificates can be requested again by every path.',
    ].join('\n'),
  };
}

export function allowanceThresholdMail(to: Recipient, organisation: string, e: Billing.AllowanceThresholdReachedData, publicUrl: string): Mail {
  const full = e.percent >= 100;
  return {
    to: to.email,
    subject: full
      ? `${organisation}: all ${e.allowance} certificates of this term are used`
      : `${organisation}: ${e.tally} of ${e.allowance} certificates of this term used (${e.percent} %)`,
    text: [
      `Dear ${to.name},`,
      '',
      `${e.tally} of the ${e.allowance} certificates that the subscription of ${organisation} allows in the term that started on ${e.termStart} have been issued.`,
      full
        ? 'Further certificate requests are refused until the subscription is upgraded to a higher usage class or the next term starts.'
        : 'When the allowance is used up, certificate requests are refused: upgrade to a higher usage class in time if you need more.',
      '',
      `${publicUrl}/organisations/${e.organisationId}/subscription`,
    ].join('\n'),
  };
}
