import { Inject, Injectable } from '@nestjs/common';
import { type EventStore, WrongExpectedRevisionError, eventMetadata, handleCommand } from '@platform/event-store';
import { CLOCK, type Clock } from '@platform/kernel';
import { type JWK, flattenedVerify, importJWK } from 'jose';
import { ACME_STORE } from '../acme.tokens';
import { accountDecider, accountStream, keyStream } from '../account/account.decider';
import { AcmeProblem, malformed } from '../http/acme-problem';
import { ACCOUNT_ALGORITHMS, decodeHeader, parseFlattened, publicOnly, thumbprint } from '../http/jws';
import type { ValidAccount } from '../new-account/new-account';

/**
 * keyChange (RFC 8555 §7.3.5): the outer JWS is the account's (checked by the caller); the inner
 * one, signed by the new key, names the account and its old key. The new key's index stream is
 * created first, so a key already used by another account is refused and nothing changes.
 */
@Injectable()
export class ChangeKey {
  constructor(
    @Inject(ACME_STORE) private readonly store: EventStore,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute(account: ValidAccount, accountUrl: string, outerUrl: string, inner: unknown, accountUrlOf: (id: string) => string): Promise<void> {
    const jws = parseFlattened(inner);
    const header = decodeHeader(jws);
    if (!header.jwk || header.kid) throw malformed('The inner keyChange JWS must carry the new key as "jwk".');
    if (header.url !== outerUrl) throw malformed('The inner keyChange JWS must have the same "url" as the outer one.');
    if (header.nonce !== undefined) throw malformed('The inner keyChange JWS must not carry a nonce.');
    if (!ACCOUNT_ALGORITHMS.includes(header.alg)) throw new AcmeProblem('badSignatureAlgorithm', `Use one of ${ACCOUNT_ALGORITHMS.join(', ')} for the new key.`);
    let payload: { account?: string; oldKey?: JWK };
    try {
      const verified = await flattenedVerify(jws, await importJWK(header.jwk, header.alg), { algorithms: ACCOUNT_ALGORITHMS });
      payload = JSON.parse(new TextDecoder().decode(verified.payload)) as typeof payload;
    } catch {
      throw malformed('The inner keyChange JWS does not verify with the new key.');
    }
    if (payload.account !== accountUrl) throw malformed(`The inner keyChange payload must name this account (${accountUrl}).`);
    if (!payload.oldKey || (await thumbprint(payload.oldKey).catch(() => '')) !== account.thumbprint)
      throw malformed('The inner keyChange payload\'s "oldKey" must be the account\'s current key.');
    const newKey = publicOnly(header.jwk);
    const newThumbprint = await thumbprint(newKey);
    const at = this.clock.now();
    const metadata = eventMetadata({ at, actor: `acme-account:${account.accountId}` });
    try {
      await this.store.appendToStream(keyStream(newThumbprint), [{ type: 'AcmeKeyBound', data: { accountId: account.accountId }, metadata }], 'no_stream');
    } catch (error) {
      if (!(error instanceof WrongExpectedRevisionError)) throw error;
      const [bound] = await this.store.readStream(keyStream(newThumbprint));
      const owner = (bound?.data as { accountId: string } | undefined)?.accountId ?? '';
      throw new AcmeProblem('conflict', 'This key already belongs to an account; choose a new key.', 409, 'ACME_KEY_IN_USE', { location: accountUrlOf(owner) });
    }
    await handleCommand(this.store, accountStream(account.accountId), accountDecider, { type: 'ChangeKey', jwk: newKey, thumbprint: newThumbprint }, metadata);
  }
}
