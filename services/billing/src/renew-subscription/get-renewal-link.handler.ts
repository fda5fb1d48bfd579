import { Query, QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import type { Billing } from '@platform/contracts';
import { canActOnOrganisation } from '@platform/kernel';
import { SubscriptionCommands } from '../subscription/subscription.commands';
import { organisationOfLink, renewalLinkInvalid, renewalOutcome } from './renewal-outcome';

/** Opening the link: the term it renews, or who renewed it and when. */
export class GetRenewalLinkQuery extends Query<Billing.GetRenewalLinkResponse> {
  constructor(readonly input: Billing.GetRenewalLinkRequest) {
    super();
  }
}

@QueryHandler(GetRenewalLinkQuery)
export class GetRenewalLinkHandler implements IQueryHandler<GetRenewalLinkQuery> {
  constructor(private readonly subscriptions: SubscriptionCommands) {}

  async execute({ input: { actor, renewalLink } }: GetRenewalLinkQuery): Promise<Billing.GetRenewalLinkResponse> {
    const organisationId = organisationOfLink(renewalLink);
    if (!canActOnOrganisation(actor, organisationId)) throw renewalLinkInvalid();
    const state = await this.subscriptions.read(organisationId);
    const termStart = state.status === 'none' ? undefined : state.renewalLinks[renewalLink];
    if (state.status === 'none' || !termStart) throw renewalLinkInvalid();
    const renewal = state.renewals[termStart];
    const current = termStart === state.term.start;
    return {
      organisationId,
      termStart,
      // A past term always has its renewal: the next term started where it ended.
      termEnd: current ? state.term.end : renewal.termStart,
      usageClass: state.usageClass,
      status: renewal ? 'renewed' : 'open',
      ...(renewal ? { renewal: renewalOutcome(organisationId, 'already-renewed', renewal) } : {}),
    };
  }
}
