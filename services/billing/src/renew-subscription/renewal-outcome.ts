import type { Billing } from '@platform/contracts';
import { DomainError } from '@platform/kernel';
import type { RenewalData } from '../subscription/subscription.events';

/** Links are `<organisationId>.<random>`: the organisation is read from the link, the term from its stream. */
export const organisationOfLink = (link: string): string => {
  const dot = link.indexOf('.');
  if (dot <= 0) throw renewalLinkInvalid();
  return link.slice(0, dot);
};

export const renewalLinkInvalid = () =>
  new DomainError(
    'RENEWAL_LINK_INVALID',
    'not_found',
    'This renewal link is not known: use the link of the latest reminder e-mail, or renew from the subscription page.',
  );

export function renewalOutcome(organisationId: string, outcome: Billing.RenewalOutcome['outcome'], r: RenewalData): Billing.RenewalOutcome {
  const who = r.automatic ? 'automatically' : `by ${r.renewedByEmail ?? r.renewedBy}`;
  const when = r.renewedAt.slice(0, 10);
  const message =
    outcome === 'renewed'
      ? `Renewed: usage class ${r.usageClass} from ${r.termStart} to ${r.termEnd}; invoice ${r.invoiceNumber} is raised.`
      : outcome === 'po-received'
        ? `The subscription was renewed automatically on ${when}; your PO number is recorded on invoice ${r.invoiceNumber}.`
        : `Already renewed ${who} on ${when} (usage class ${r.usageClass}, ${r.termStart} to ${r.termEnd}); nothing more to do.`;
  return {
    outcome,
    organisationId,
    termStart: r.termStart,
    termEnd: r.termEnd,
    usageClass: r.usageClass,
    automatic: r.automatic,
    renewedBy: r.renewedBy,
    ...(r.renewedByEmail ? { renewedByEmail: r.renewedByEmail } : {}),
    renewedAt: r.renewedAt,
    invoiceNumber: r.invoiceNumber,
    message,
  };
}
