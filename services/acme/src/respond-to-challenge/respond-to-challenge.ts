import { Inject, Injectable } from '@nestjs/common';
import { Validation } from '@platform/contracts';
import { type EventStore, eventMetadata, handleCommand } from '@platform/event-store';
import { CLOCK, type Clock } from '@platform/kernel';
import { MESSAGE_BUS, type MessageBus, sendRequest } from '@platform/messaging';
import { ACME_STORE } from '../acme.tokens';
import type { AccountData } from '../account/account.decider';
import { AcmeProblem } from '../http/acme-problem';
import type { Order } from '../http/representations';
import { orderDecider, orderStream } from '../order/order.decider';

/**
 * A client says its challenge answer is in place (RFC 8555 §7.5.1): validation looks now with its
 * real resolver and HTTP client. The answer decides the authorization: valid, or invalid with why.
 */
@Injectable()
export class RespondToChallenge {
  constructor(
    @Inject(ACME_STORE) private readonly store: EventStore,
    @Inject(MESSAGE_BUS) private readonly bus: MessageBus,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute(account: AccountData, order: Order, index: number, type: 'http-01' | 'dns-01', correlationId: string): Promise<Order> {
    const authz = order.authorizations[index];
    if (authz.status !== 'pending') return order;
    if (authz.wildcard && type !== 'dns-01')
      throw new AcmeProblem('malformed', `${'*.' + authz.name} is a wildcard: only dns-01 can authorize it (RFC 8555 §7.1.3).`);
    const keyAuthorization = `${authz.token}.${account.thumbprint}`;
    const result = await sendRequest(
      this.bus,
      Validation.CheckAcmeChallenge,
      { organisationId: account.organisationId, requestedBy: `acme-account:${account.accountId}`, name: authz.name, type, token: authz.token, keyAuthorization },
      { headers: { correlationId } },
    );
    const at = this.clock.now();
    const { state } = await handleCommand(
      this.store,
      orderStream(order.orderId),
      orderDecider,
      result.valid
        ? { type: 'ValidateAuthorization', index, challenge: type, at: at.toISOString() }
        : { type: 'InvalidateAuthorization', index, challenge: type, detail: `${type} for ${authz.name} failed: ${result.detail}; put the answer in place and place a new order`, at: at.toISOString() },
      eventMetadata({ at, actor: `acme-account:${account.accountId}`, correlationId }),
    );
    if (state.status === 'none') throw new Error('unreachable: order vanished');
    return state;
  }
}
