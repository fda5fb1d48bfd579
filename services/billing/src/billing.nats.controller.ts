import { Injectable } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { Billing, Identity, Issuance } from '@platform/contracts';
import { type DeliveredEvent, type MessageHeaders, OnEvent, OnRequest } from '@platform/messaging';
import { ChangeMemberFlagCommand } from './change-member-flag/change-member-flag.handler';
import { ConfirmAllowanceCommand } from './confirm-allowance/confirm-allowance.handler';
import { CountIssuedCertificateCommand } from './count-issued-certificate/count-issued-certificate.handler';
import { GetSubscriptionQuery } from './get-subscription/get-subscription.handler';
import { RefundRevokedCertificateCommand } from './refund-revoked-certificate/refund-revoked-certificate.handler';
import { ReleaseAllowanceCommand } from './release-allowance/release-allowance.handler';
import { ReserveAllowanceCommand } from './reserve-allowance/reserve-allowance.handler';
import { StartSubscriptionCommand } from './start-subscription/start-subscription.handler';
import { SubscriptionHistoryQuery } from './subscription-history/subscription-history.handler';
import { SubscriptionStatesQuery } from './subscription-states/subscription-states.handler';

/** Translates bus messages into commands and queries; no logic here. */
@Injectable()
export class BillingNatsController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @OnRequest(Billing.StartSubscription)
  startSubscription(input: Billing.StartSubscriptionRequest, headers: MessageHeaders) {
    return this.commands.execute(new StartSubscriptionCommand(input, headers.correlationId));
  }

  @OnRequest(Billing.GetSubscription)
  getSubscription(input: Billing.GetSubscriptionRequest) {
    return this.queries.execute(new GetSubscriptionQuery(input));
  }

  @OnRequest(Billing.SubscriptionHistory)
  subscriptionHistory(input: Billing.SubscriptionHistoryRequest) {
    return this.queries.execute(new SubscriptionHistoryQuery(input));
  }

  @OnRequest(Billing.SubscriptionStates)
  subscriptionStates(input: Billing.SubscriptionStatesRequest) {
    return this.queries.execute(new SubscriptionStatesQuery(input));
  }

  @OnRequest(Billing.ReserveAllowance)
  reserveAllowance(input: Billing.ReserveAllowanceRequest, headers: MessageHeaders) {
    return this.commands.execute(new ReserveAllowanceCommand(input, headers.correlationId));
  }

  @OnRequest(Billing.ConfirmAllowance)
  confirmAllowance(input: Billing.ConfirmAllowanceRequest, headers: MessageHeaders) {
    return this.commands.execute(new ConfirmAllowanceCommand(input, headers.correlationId));
  }

  @OnRequest(Billing.ReleaseAllowance)
  releaseAllowance(input: Billing.ReleaseAllowanceRequest, headers: MessageHeaders) {
    return this.commands.execute(new ReleaseAllowanceCommand(input, headers.correlationId));
  }

  @OnEvent(Issuance.CertificateIssued)
  certificateIssued(data: Issuance.CertificateIssuedData, delivered: DeliveredEvent) {
    return this.commands.execute(new CountIssuedCertificateCommand(data, delivered.id));
  }

  @OnEvent(Identity.OrganisationMembershipChanged)
  memberFlagChanged(data: Identity.OrganisationMembershipChangedData, delivered: DeliveredEvent) {
    return this.commands.execute(new ChangeMemberFlagCommand(data, delivered.id));
  }

  @OnEvent(Issuance.CertificateRevoked)
  certificateRevoked(data: Issuance.CertificateRevokedData, delivered: DeliveredEvent) {
    return this.commands.execute(new RefundRevokedCertificateCommand(data, delivered.id));
  }
}
