import { type DynamicModule, Module } from '@nestjs/common';
import type { EventStore } from '@platform/event-store';
import { MessagingModule } from '@platform/messaging';
import { AcmeNatsController } from './acme.nats.controller';
import { ACME_OPTIONS, ACME_SECRET, ACME_STORE, type AcmeSettings } from './acme.tokens';
import { AcmeCaches } from './acme.caches';
import { AcmeCertificates } from './certificate-record/acme-certificates';
import { ChangeKey } from './change-key/change-key';
import { RenewalInfo } from './renewal-info/renewal-info';
import { AcmeRevokeCertificate } from './revoke-certificate/acme-revoke-certificate';
import { UpdateAccount } from './update-account/update-account';
import { CreateAccountBindingHandler } from './create-account-binding/create-account-binding.handler';
import { DisableAccountBindingHandler } from './disable-account-binding/disable-account-binding.handler';
import { ListAccountBindingsHandler } from './list-account-bindings/list-account-bindings.handler';
import { FinalizeOrder } from './finalize-order/finalize-order';
import { AcmeHttp } from './http/acme.http';
import { AcmeAccounts } from './new-account/new-account';
import { NewOrder } from './new-order/new-order';
import { RespondToChallenge } from './respond-to-challenge/respond-to-challenge';

export interface AcmeOptions {
  store: EventStore;
  /** derives the EAB HMAC keys and signs nonces; the same in every instance */
  secret: Buffer;
  /** per instance; defaults 300 new orders per account and 3,000 requests per address, a minute */
  limits?: Partial<Omit<AcmeSettings, 'publicUrl'>>;
  /** see AcmeSettings.publicUrl */
  publicUrl?: string;
}

/**
 * The ACME edge (RFC 8555 with External Account Binding), like Boulder's WFE: accounts, orders and
 * authorizations are its own streams; names are checked by validation, certificates issued by
 * issuance through the same request as the portal's. It never holds CA keys.
 */
@Module({})
export class AcmeModule {
  static register(options: AcmeOptions): DynamicModule {
    return {
      module: AcmeModule,
      imports: [MessagingModule.forFeature('acme')],
      providers: [
        { provide: ACME_STORE, useValue: options.store },
        { provide: ACME_SECRET, useValue: options.secret },
        { provide: ACME_OPTIONS, useValue: {
            ordersPerAccountPerMinute: options.limits?.ordersPerAccountPerMinute ?? 300,
            requestsPerIpPerMinute: options.limits?.requestsPerIpPerMinute ?? 3000,
            publicUrl: options.publicUrl?.replace(/\/+$/, ''),
          } satisfies AcmeSettings },
        AcmeCaches,
        AcmeCertificates,
        ChangeKey,
        RenewalInfo,
        AcmeRevokeCertificate,
        UpdateAccount,
        AcmeNatsController,
        CreateAccountBindingHandler,
        ListAccountBindingsHandler,
        DisableAccountBindingHandler,
        AcmeAccounts,
        NewOrder,
        FinalizeOrder,
        RespondToChallenge,
        AcmeHttp,
      ],
      exports: [AcmeHttp],
    };
  }
}
