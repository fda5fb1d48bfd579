import { Inject, Injectable } from '@nestjs/common';
import { type EventStore, aggregateStream } from '@platform/event-store';
import { CLOCK, type Clock, findUnsafeString } from '@platform/kernel';
import { MESSAGE_BUS, type MessageBus } from '@platform/messaging';
import type { Router } from 'express';
import { AcmeCaches } from '../acme.caches';
import { ACME_OPTIONS, ACME_SECRET, ACME_STORE, type AcmeSettings } from '../acme.tokens';
import { ChangeKey } from '../change-key/change-key';
import { AcmeRevokeCertificate } from '../revoke-certificate/acme-revoke-certificate';
import { FinalizeOrder } from '../finalize-order/finalize-order';
import { AcmeAccounts } from '../new-account/new-account';
import { NewOrder } from '../new-order/new-order';
import { orderDecider, orderStream } from '../order/order.decider';
import { RenewalInfo } from '../renewal-info/renewal-info';
import { RespondToChallenge } from '../respond-to-challenge/respond-to-challenge';
import { UpdateAccount } from '../update-account/update-account';
import { accountRoutes } from './account.routes';
import { AcmeProblem, malformed } from './acme-problem';
import { type AcmeCall, acmeRouter } from './acme.router';
import { certificateRoutes } from './certificate.routes';
import { verifyJws } from './jws';
import { Nonces } from './nonces';
import { orderRoutes } from './order.routes';
import { RateLimiter } from './rate-limiter';
import type { Order } from './representations';

/** The ACME resources (RFC 8555 §7), served under /acme by whichever HTTP listener mounts `router()`. */
@Injectable()
export class AcmeHttp {
  readonly nonces: Nonces;
  readonly ordersPerAccount: RateLimiter;
  private readonly perIp: RateLimiter;
  private readonly publicUrl: string | undefined;

  constructor(
    @Inject(ACME_STORE) private readonly store: EventStore,
    @Inject(ACME_SECRET) secret: Buffer,
    @Inject(CLOCK) clock: Clock,
    @Inject(MESSAGE_BUS) readonly bus: MessageBus,
    @Inject(ACME_OPTIONS) limits: AcmeSettings,
    readonly accounts: AcmeAccounts,
    readonly newOrder: NewOrder,
    readonly finalizeOrder: FinalizeOrder,
    readonly respondToChallenge: RespondToChallenge,
    readonly updateAccount: UpdateAccount,
    readonly changeKey: ChangeKey,
    readonly revokeCertificate: AcmeRevokeCertificate,
    readonly renewalInfo: RenewalInfo,
    readonly caches: AcmeCaches,
  ) {
    this.nonces = new Nonces(secret, bus, clock);
    this.ordersPerAccount = new RateLimiter(limits.ordersPerAccountPerMinute, 60_000, clock, 'new orders for this account');
    this.publicUrl = limits.publicUrl;
    this.perIp = new RateLimiter(limits.requestsPerIpPerMinute, 60_000, clock, 'ACME requests from this address');
  }

  router(): Router {
    return acmeRouter([...accountRoutes(this), ...orderRoutes(this), ...certificateRoutes(this)], this.nonces, this.perIp, this.publicUrl);
  }

  /** Verifies the JWS, consumes its nonce, and gives the signing account (kid) or key (jwk). */
  async verify(call: AcmeCall, mode: 'jwk' | 'kid' | 'either') {
    const prefix = call.urls.account('');
    let account: Awaited<ReturnType<AcmeAccounts['signer']>> | undefined;
    const jws = await verifyJws(
      call.body,
      call.url,
      async (kid) => {
        if (!kid.startsWith(prefix)) throw new AcmeProblem('accountDoesNotExist', `"kid" must be an account URL of this server (${prefix}<id>).`);
        account = await this.accounts.signer(kid.slice(prefix.length));
        return account.jwk;
      },
      mode,
    );
    await this.nonces.consume(jws.header.nonce);
    // A NUL or a lone surrogate in any payload string could become an event no store can keep.
    const unsafe = findUnsafeString(jws.payload);
    if (unsafe) throw malformed(`The JWS payload's ${unsafe.path} ${unsafe.reason}; send text without NUL characters or lone surrogates.`);
    return { ...jws, account };
  }

  async order(orderId: string, accountId: string): Promise<Order> {
    const { state } = await aggregateStream(this.store, orderStream(orderId), orderDecider, this.caches.orders);
    // Another account's order is as absent as one that never existed.
    if (state.status === 'none' || state.accountId !== accountId) throw new AcmeProblem('malformed', 'No such order for this account.', 404);
    return state;
  }

  async orderIds(accountId: string): Promise<string[]> {
    const events = await this.store.readStream(`acme-account-orders-${accountId}`);
    return events.map((e) => (e.data as { orderId: string }).orderId);
  }
}
