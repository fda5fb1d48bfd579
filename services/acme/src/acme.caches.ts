import { Injectable } from '@nestjs/common';
import { AggregateCache } from '@platform/event-store';
import type { AccountState } from './account/account.decider';
import type { OrderState } from './order/order.decider';

/**
 * Folded accounts and orders, shared by the handlers of this process: every request reads its
 * account and most read or write an order, so each read fetches only the events appended since.
 * Another instance's writes are still seen: a cached entry is only a prefix of its stream.
 */
@Injectable()
export class AcmeCaches {
  readonly accounts = new AggregateCache<AccountState>();
  readonly orders = new AggregateCache<OrderState>();
  /**
   * Certificates this instance has just issued, by id, as their download: clients fetch the
   * certificate right after finalize, and a certificate never changes, so the download needs no
   * request to issuance. A miss (another instance, a restart, an old one) asks issuance as before.
   */
  readonly issued = new RecentlyIssued(2_000);
}

export class RecentlyIssued {
  private readonly entries = new Map<string, { requestedBy: string; pemChain: string }>();

  constructor(private readonly maxEntries: number) {}

  get(certificateId: string): { requestedBy: string; pemChain: string } | undefined {
    return this.entries.get(certificateId);
  }

  set(certificateId: string, entry: { requestedBy: string; pemChain: string }): void {
    this.entries.set(certificateId, entry);
    // Oldest first out: Map iterates in insertion order.
    if (this.entries.size > this.maxEntries) this.entries.delete(this.entries.keys().next().value as string);
  }
}
