import { Inject, Injectable } from '@nestjs/common';
import { type EventStore, WrongExpectedRevisionError, aggregateStream, eventMetadata, handleCommand } from '@platform/event-store';
import { CLOCK, type Clock, newId } from '@platform/kernel';
import type { JWK } from 'jose';
import { AcmeCaches } from '../acme.caches';
import { ACME_SECRET, ACME_STORE } from '../acme.tokens';
import { type AccountState, accountDecider, accountStream, deactivated, keyStream } from '../account/account.decider';
import { bindingDecider, bindingStream, unknownBinding } from '../binding/binding.decider';
import { bindingHmacKey } from '../binding/binding-key';
import { AcmeProblem, malformed } from '../http/acme-problem';
import { thumbprint, verifyEab } from '../http/jws';

export type ValidAccount = Extract<AccountState, { status: 'valid' | 'deactivated' }>;

/** Accounts: registration with External Account Binding, lookup by key and by id. */
@Injectable()
export class AcmeAccounts {
  constructor(
    @Inject(ACME_STORE) private readonly store: EventStore,
    @Inject(ACME_SECRET) private readonly secret: Buffer,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly caches: AcmeCaches,
  ) {}

  async byId(accountId: string): Promise<ValidAccount | undefined> {
    if (!/^[\w-]{1,64}$/.test(accountId)) return undefined;
    const { state } = await aggregateStream(this.store, accountStream(accountId), accountDecider, this.caches.accounts);
    return state.status === 'none' ? undefined : state;
  }

  async byKey(jwk: JWK): Promise<ValidAccount | undefined> {
    const tp = await thumbprint(jwk);
    const [bound] = await this.store.readStream(keyStream(tp));
    const account = bound ? await this.byId((bound.data as { accountId: string }).accountId) : undefined;
    // A key rolled over (keyChange) keeps its index stream but no longer opens the account.
    return account?.thumbprint === tp ? account : undefined;
  }

  /** The account that signed with `kid`, which must be valid. */
  async signer(accountId: string): Promise<ValidAccount & { status: 'valid' }> {
    const account = await this.byId(accountId);
    if (!account) throw new AcmeProblem('accountDoesNotExist', 'No account with this URL; register with newAccount first.', 400);
    if (account.status !== 'valid') throw deactivated(account.deactivation);
    return account as ValidAccount & { status: 'valid' };
  }

  /**
   * newAccount: an existing key answers with its account; a new key needs an unused binding.
   * The binding is marked used before the account is written, so two racing clients cannot both use it.
   */
  async register(input: { jwk: JWK; payload: Record<string, unknown>; newAccountUrl: string }): Promise<{ account: ValidAccount; created: boolean }> {
    const { jwk, payload } = input;
    const existing = await this.byKey(jwk);
    // A binding disabled in the portal ends its account: the client learns why at its first request.
    if (existing?.deactivation?.reason === 'binding-disabled') throw deactivated(existing.deactivation);
    if (existing) return { account: existing, created: false };
    if (payload.onlyReturnExisting === true) throw new AcmeProblem('accountDoesNotExist', 'No account is registered with this key.', 400);
    if (payload.termsOfServiceAgreed === false) throw malformed('termsOfServiceAgreed must not be false.');
    if (!payload.externalAccountBinding)
      throw new AcmeProblem(
        'externalAccountRequired',
        'This server needs External Account Binding: create a binding in the portal (POST /api/v1/acme/bindings) and pass its key id and HMAC key to your client (certbot: --eab-kid and --eab-hmac-key).',
        403,
      );
    const contact = parseContact(payload.contact);
    const keyId = await verifyEab(payload.externalAccountBinding, async (kid) => this.hmacKeyOf(kid), jwk, input.newAccountUrl);
    const accountId = newId();
    const at = this.clock.now();
    const metadata = eventMetadata({ at, actor: `acme-account:${accountId}` });
    const { state: binding } = await handleCommand(this.store, bindingStream(keyId), bindingDecider, { type: 'UseBinding', accountId, at: at.toISOString() }, metadata);
    if (binding.status !== 'used') throw new Error('unreachable: binding not used');
    const tp = await thumbprint(jwk);
    try {
      await this.store.appendToStream(keyStream(tp), [{ type: 'AcmeKeyBound', data: { accountId }, metadata }], 'no_stream');
    } catch (error) {
      if (error instanceof WrongExpectedRevisionError) throw new AcmeProblem('malformed', 'This key was just registered by another request; retry to get its account.', 409);
      throw error;
    }
    const { organisationId, departmentId, family } = binding;
    const { state } = await handleCommand(
      this.store,
      accountStream(accountId),
      accountDecider,
      { type: 'RegisterAccount', account: { accountId, jwk, thumbprint: tp, organisationId, departmentId, keyId, family, contact, createdAt: at.toISOString() } },
      metadata,
    );
    // A binding disabled between its use and this account's registration found no account to
    // deactivate: this registration does it, so that no account outlives its disabled binding.
    const { state: now } = await aggregateStream(this.store, bindingStream(keyId), bindingDecider);
    if (now.status === 'disabled') {
      const reason = 'binding-disabled' as const;
      await handleCommand(this.store, accountStream(accountId), accountDecider, { type: 'Deactivate', at: now.disabled!.at, reason }, metadata);
      throw deactivated({ at: now.disabled!.at, reason });
    }
    return { account: state as ValidAccount, created: true };
  }

  private async hmacKeyOf(keyId: string): Promise<Uint8Array> {
    if (!/^[\w-]{1,64}$/.test(keyId)) throw unknownBinding();
    const { state } = await aggregateStream(this.store, bindingStream(keyId), bindingDecider);
    if (state.status === 'none') throw unknownBinding();
    return bindingHmacKey(this.secret, keyId);
  }
}

export function parseContact(contact: unknown): string[] {
  if (contact === undefined) return [];
  if (!Array.isArray(contact) || contact.some((c) => typeof c !== 'string')) throw malformed('"contact" must be an array of strings.');
  for (const c of contact as string[])
    if (!/^mailto:[^@\s,]+@[^@\s,]+$/.test(c))
      throw new AcmeProblem('invalidContact', `Contact "${c}" is not a mailto: URL with one address.`, 400);
  if (contact.length > 5) throw malformed('At most 5 contacts.');
  return contact as string[];
}
