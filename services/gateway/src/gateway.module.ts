import { type DynamicModule, type MiddlewareConsumer, Module, type NestModule, RequestMethod } from '@nestjs/common';
import { APP_FILTER, APP_GUARD } from '@nestjs/core';
import { AcmeAccountsHttpController } from './acme-accounts/acme-accounts.http.controller';
import { AdminAccessCache } from './auth/admin-access.cache';
import { AuthGuard } from './auth/auth.guard';
import { AuthHttpController } from './auth/auth.http.controller';
import { AdminsHttpController } from './admins/admins.http.controller';
import { RateLimitGuard } from './auth/rate-limit.guard';
import { KnownParametersGuard } from './http/known-parameters.guard';
import { OidcHttpController } from './auth/oidc.http.controller';
import { DepartmentsHttpController } from './departments/departments.http.controller';
import { InvoicesHttpController, RenewalLinksHttpController, SubscriptionTermsHttpController } from './billing/billing.http.controller';
import { BillingOperatorHttpController, SubscriptionFinanceHttpController } from './billing/finance.http.controller';
import { CaHttpController } from './ca/ca.http.controller';
import { CertificatesHttpController } from './certificates/certificates.http.controller';
import { CertificateRequestsHttpController, RequestPolicyHttpController } from './certificate-requests/certificate-requests.http.controller';
import { DownloadsHttpController } from './downloads/downloads.http.controller';
import { CrlCopies } from './revocation/crl-copies';
import { RevocationHttpController } from './revocation/revocation.http.controller';
import { GATEWAY_CONFIG, type GatewayConfig } from './gateway.tokens';
import { HealthHttpController } from './health/health.http.controller';
import { BusClient } from './http/bus-client';
import { JsonOnlyMiddleware } from './http/json-only.middleware';
import { SafeStringsMiddleware } from './http/safe-strings.middleware';
import { NotificationsHttpController } from './notifications/notifications.http.controller';
import { OrganisationsHttpController } from './organisations/organisations.http.controller';
import { VettingQueueHttpController } from './vetting-queue/vetting-queue.http.controller';
import { PagesHttpController } from './pages/pages.http.controller';
import { ProblemFilter } from './problem/problem.filter';
import { SubscriptionsHttpController } from './subscriptions/subscriptions.http.controller';
import { WebhooksHttpController } from './webhooks/webhooks.http.controller';
import { DomainValidationLinksHttpController, DomainsHttpController, ValidationHttpController } from './validation/validation.http.controller';

/**
 * The REST edge: authenticates, validates input, and translates HTTP into contract requests.
 * It holds no data and no business rule; errors leave it as problem+json.
 */
@Module({})
export class GatewayModule implements NestModule {
  static register(config: GatewayConfig): DynamicModule {
    return {
      module: GatewayModule,
      controllers: [
        HealthHttpController,
        AuthHttpController,
        OidcHttpController,
        AdminsHttpController,
        DepartmentsHttpController,
        OrganisationsHttpController,
        SubscriptionsHttpController,
        SubscriptionTermsHttpController,
        RenewalLinksHttpController,
        InvoicesHttpController,
        SubscriptionFinanceHttpController,
        BillingOperatorHttpController,
        CertificatesHttpController,
        CertificateRequestsHttpController,
        RequestPolicyHttpController,
        NotificationsHttpController,
        CaHttpController,
        RevocationHttpController,
        DownloadsHttpController,
        ValidationHttpController,
        VettingQueueHttpController,
        DomainsHttpController,
        DomainValidationLinksHttpController,
        AcmeAccountsHttpController,
        PagesHttpController,
        WebhooksHttpController,
      ],
      providers: [
        { provide: GATEWAY_CONFIG, useValue: config },
        { provide: APP_GUARD, useClass: AuthGuard },
        { provide: APP_GUARD, useClass: KnownParametersGuard },
        { provide: APP_FILTER, useClass: ProblemFilter },
        BusClient,
        RateLimitGuard,
        AdminAccessCache,
        CrlCopies,
      ],
    };
  }

  configure(consumer: MiddlewareConsumer): void {
    // OCSP requests are DER (application/ocsp-request, RFC 6960 A.1), not JSON.
    consumer.apply(JsonOnlyMiddleware).exclude({ path: 'ocsp', method: RequestMethod.POST }).forRoutes('*path');
    consumer.apply(SafeStringsMiddleware).forRoutes('*path');
  }
}
