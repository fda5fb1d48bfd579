import { Injectable } from '@nestjs/common';
import { BillingReadModel } from './projections/billing.read-model';

/**
 * What billing reports at each scrape of its process's /metrics (the platform hands it to
 * PlatformMetrics): read from billing's own state when asked, so a restart counts nothing twice.
 */
@Injectable()
export class BillingMetrics {
  constructor(private readonly readModel: BillingReadModel) {}

  /** Reservations whose issuance has not finished: high and rising means issuance is failing or stuck. */
  reservationsInFlight(): Promise<number> {
    return this.readModel.reservationsInFlight();
  }
}
