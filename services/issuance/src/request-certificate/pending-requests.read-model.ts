import { Injectable } from '@nestjs/common';
import { CertificateListProjection } from '../projections/certificate-list.projection';
import { type PendingRequestRow, PendingRequestRowSchema, pendingRequestsProjection } from './pending-requests.projection';

/** Unfinished requests, as the resumer asks for them (the rows live in issuance's read model, CertificateListProjection). */
@Injectable()
export class PendingRequestsReadModel {
  constructor(private readonly readModel: CertificateListProjection) {}

  /** Requests whose owner's lease has run out (or whose unit waits to be given back) at `now`, oldest first. */
  async due(now: Date, limit = 200): Promise<PendingRequestRow[]> {
    await this.readModel.caughtUp({ projections: [pendingRequestsProjection.name] });
    return this.readModel.em().find(PendingRequestRowSchema, { dueAt: { $lte: now } }, { orderBy: { dueAt: 'asc' }, limit });
  }
}
