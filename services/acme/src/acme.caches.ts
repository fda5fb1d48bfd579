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
}
