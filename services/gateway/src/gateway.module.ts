import { type DynamicModule, type MiddlewareConsumer, Module, type NestModule } from '@nestjs/common';
import { APP_FILTER, APP_GUARD } from '@nestjs/core';
import { AuthGuard } from './auth/auth.guard';
import { AuthHttpController } from './auth/auth.http.controller';
import { CaHttpController } from './ca/ca.http.controller';
import { CertificatesHttpController } from './certificates/certificates.http.controller';
import { GATEWAY_CONFIG, type GatewayConfig } from './gateway.tokens';
import { HealthHttpController } from './health/health.http.controller';
import { BusClient } from './http/bus-client';
import { JsonOnlyMiddleware } from './http/json-only.middleware';
import { NotificationsHttpController } from './notifications/notifications.http.controller';
import { OrganisationsHttpController } from './organisations/organisations.http.controller';
import { ProblemFilter } from './problem/problem.filter';
import { SubscriptionsHttpController } from './subscriptions/subscriptions.http.controller';

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
        OrganisationsHttpController,
        SubscriptionsHttpController,
        CertificatesHttpController,
        NotificationsHttpController,
        CaHttpController,
      ],
      providers: [
        { provide: GATEWAY_CONFIG, useValue: config },
        { provide: APP_GUARD, useClass: AuthGuard },
        { provide: APP_FILTER, useClass: ProblemFilter },
        BusClient,
      ],
    };
  }

  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(JsonOnlyMiddleware).forRoutes('*path');
  }
}
