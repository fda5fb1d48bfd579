import { randomBytes } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { Billing, type CertificateFamily, type CertificateType, Validation, tlsCertificateTypeFor } from '@platform/contracts';
import { type EventStore, eventMetadata, handleCommand } from '@platform/event-store';
import { CLOCK, type Clock, DomainError, newId } from '@platform/kernel';
import { MESSAGE_BUS, type MessageBus, sendRequest } from '@platform/messaging';
import { AcmeCaches } from '../acme.caches';
import { ACME_STORE } from '../acme.tokens';
import { accountActor } from '../account/account-actor';
import type { AccountData } from '../account/account.decider';
import { AcmeProblem, malformed } from '../http/acme-problem';
import { type Authz, orderDecider, orderStream } from '../order/order.decider';

const MAX_IDENTIFIERS = 100;
const SUBSCRIPTION_CACHE_MS = 5_000;
const ORDER_LIFETIME_MS = 7 * 24 * 3600 * 1000;
const DNS_NAME = /^(\*\.)?([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/;

/**
 * The ACME profiles this server offers (draft-aaron-acme-profiles), advertised in the directory's
 * `meta.profiles`: each is a certificate family; the order's names then pick the catalogue type.
 */
export const ACME_PROFILES: Record<CertificateFamily, string> = {
  ov: 'Organisation-validated TLS server certificate: one name, several names, or one wildcard with its base name.',
  ev: 'Extended-validation TLS server certificate (EV subject fields): one name or several, no wildcards. Needs an EV binding.',
};

/**
 * The type of an order placed before orders recorded theirs: what finalize chose for it then (a name
 * set no type serves was left for issuance to refuse; new orders are refused at newOrder instead).
 */
export function certificateTypeFor(names: string[]): CertificateType {
  if (names.some((n) => n.startsWith('*.'))) return 'ov-wildcard';
  return names.length === 1 ? 'ov-ssl' : 'ov-multi-domain';
}

/**
 * newOrder: refused at once when the organisation cannot get certificates at all (suspended,
 * allowance used up, not validated); names under a validated domain of the account's
 * organisation/department are authorized at once; other names need a challenge.
 */
@Injectable()
export class NewOrder {
  private readonly subscriptions = new Map<string, { at: number; view: Billing.GetSubscriptionResponse }>();

  constructor(
    @Inject(ACME_STORE) private readonly store: EventStore,
    @Inject(MESSAGE_BUS) private readonly bus: MessageBus,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly caches: AcmeCaches,
  ) {}

  /**
   * The subscription as billing saw it at most SUBSCRIPTION_CACHE_MS ago: billing folds the whole
   * subscription stream for it, which cost as much as the reservation itself at every order. Only the
   * early refusal reads this; finalize's reservation in billing is the check that never goes stale.
   */
  private async subscription(account: AccountData, headers: { headers: { correlationId: string } }) {
    const now = this.clock.now().getTime();
    const cached = this.subscriptions.get(account.organisationId);
    if (cached && now - cached.at < SUBSCRIPTION_CACHE_MS) return cached.view;
    const view = await sendRequest(this.bus, Billing.GetSubscription, { actor: accountActor(account), organisationId: account.organisationId }, headers).catch(
      (error: unknown) => {
        if (error instanceof DomainError && error.code === 'SUBSCRIPTION_NOT_FOUND')
          throw new AcmeProblem('userActionRequired', 'Your organisation has no subscription yet; the service operator starts one, after which this account can order certificates.', 403, error.code);
        throw error;
      },
    );
    if (this.subscriptions.size > 10_000) this.subscriptions.clear();
    this.subscriptions.set(account.organisationId, { at: now, view });
    return view;
  }

  private async assertChallengeable(account: AccountData, names: string[], headers: { headers: { correlationId: string } }) {
    const view = await sendRequest(this.bus, Validation.GetValidation, { actor: accountActor(account), organisationId: account.organisationId }, headers);
    await assertChallengeableNames(view, account, names);
  }

  async execute(account: AccountData, payload: unknown, correlationId: string) {
    const names = parseIdentifiers(payload);
    const profile = parseProfile(payload, account);
    const choice = tlsCertificateTypeFor(profile, names);
    if (!choice.ok)
      throw new AcmeProblem('rejectedIdentifier', `No certificate can hold these names together: ${choice.message}`, 400, choice.code, {
        subproblems: choice.names.map((value) => ({ type: 'urn:ietf:params:acme:error:rejectedIdentifier', detail: choice.message, identifier: { type: 'dns', value } })),
      });
    const { certificateType } = choice;
    const headers = { headers: { correlationId } };
    const subscription = await this.subscription(account, headers);
    if (subscription.status === 'suspended')
      throw new AcmeProblem(
        'userActionRequired',
        'Your organisation\'s subscription is suspended because no purchase order arrived for its renewal; no certificate can be issued by any path until an RAO provides the PO number in the portal.',
        403,
        'SUBSCRIPTION_SUSPENDED',
      );
    if (subscription.remaining <= 0)
      throw new AcmeProblem(
        'unauthorized',
        `Your organisation has used its whole allowance of ${subscription.allowance} certificates for this term; an RAO can upgrade the subscription to a higher usage class in the portal.`,
        403,
        'ALLOWANCE_EXHAUSTED',
      );

    const check = await sendRequest(
      this.bus,
      Validation.CheckNames,
      { organisationId: account.organisationId, departmentId: account.departmentId, names, certificateType },
      headers,
    );
    const pendingNames = new Set<string>();
    for (const problem of check.problems) {
      // Organisation-wide problems (not validated, CAA) refuse the whole order with their own type.
      if (!problem.names?.length || problem.code !== 'DOMAIN_NOT_VALIDATED')
        throw new DomainError(problem.code, 'unprocessable', `The order cannot be accepted: ${problem.message}`, { problems: check.problems });
      problem.names.forEach((n) => pendingNames.add(n));
    }
    if (pendingNames.size > 0) await this.assertChallengeable(account, [...pendingNames], headers);

    const now = this.clock.now();
    const orderId = newId();
    const authorizations: Authz[] = names.map((n) => ({
      name: n.replace(/^\*\./, ''),
      wildcard: n.startsWith('*.'),
      status: pendingNames.has(n) ? 'pending' : 'valid',
      token: randomBytes(32).toString('base64url'),
    }));
    const { state } = await handleCommand(
      this.store,
      orderStream(orderId),
      orderDecider,
      {
        type: 'CreateOrder',
        order: { orderId, accountId: account.accountId, identifiers: names, profile, certificateType, authorizations, createdAt: now.toISOString(), expires: new Date(now.getTime() + ORDER_LIFETIME_MS).toISOString() },
      },
      eventMetadata({ at: now, actor: `acme-account:${account.accountId}`, correlationId }),
      // A new id: nothing to read (should it exist after all, the append says so and it is read).
      { assume: { state: orderDecider.initialState(), revision: -1 }, cache: this.caches.orders },
    );
    // The account's order list (RFC 8555 §7.1.2.1) is a stream of its own, read only by that list.
    await this.store.appendToStream(
      accountOrdersStream(account.accountId),
      [{ type: 'AcmeOrderPlaced', data: { orderId }, metadata: eventMetadata({ at: now, actor: `acme-account:${account.accountId}`, correlationId }) }],
      'any',
    );
    return state;
  }
}

export const accountOrdersStream = (accountId: string) => `acme-account-orders-${accountId}`;

/**
 * A name not yet validated may be proven by a challenge only under a domain the organisation
 * added in the portal (delegated to the department, for a department's account): the
 * organisation decides which domains its ACME accounts may validate.
 */
async function assertChallengeableNames(view: Validation.GetValidationResponse, account: AccountData, names: string[]) {
  const domains = view.domains.filter((d) => !account.departmentId || d.departmentIds.includes(account.departmentId)).map((d) => d.domain);
  const outside = names.filter((n) => {
    const base = n.replace(/^\*\./, '');
    return !domains.some((d) => base === d || base.endsWith(`.${d}`));
  });
  if (outside.length > 0)
    throw new AcmeProblem(
      'rejectedIdentifier',
      `${outside.join(', ')}: not under a domain of your organisation${account.departmentId ? ' delegated to this account\'s department' : ''}. ` +
        'An RAO adds (or validates) the domain in the portal first; names under added domains can then be proven with http-01 or dns-01.',
      400,
      'DOMAIN_NOT_ADDED',
      { subproblems: outside.map((value) => ({ type: 'urn:ietf:params:acme:error:rejectedIdentifier', detail: `${value} is not under a domain of the organisation`, identifier: { type: 'dns', value } })) },
    );
}

/**
 * The order's profile: the one it names, or its binding's family for clients that know no profiles
 * (certbot 2.x). An EV binding may order OV too (wildcards are OV only); an OV binding never EV.
 */
export function parseProfile(payload: unknown, account: Pick<AccountData, 'family'>): CertificateFamily {
  const bound = account.family ?? 'ov';
  const named = (payload as { profile?: unknown } | undefined)?.profile;
  if (named === undefined) return bound;
  if (typeof named !== 'string' || !Object.hasOwn(ACME_PROFILES, named))
    throw new AcmeProblem(
      'invalidProfile',
      `${JSON.stringify(named)} is not a profile of this server; it offers ${Object.keys(ACME_PROFILES).join(' and ')} (the directory's meta.profiles says what each is).`,
      400,
      'ACME_PROFILE_UNKNOWN',
    );
  if (named === 'ev' && bound !== 'ev')
    throw new AcmeProblem(
      'unauthorized',
      'This account\'s External Account Binding issues OV certificates only, so it cannot order the "ev" profile. ' +
        'An RAO creates an EV binding in the portal (POST /api/v1/acme/bindings with "family": "ev", once the organisation\'s EV details are vetted) for an account that may.',
      403,
      'ACME_PROFILE_NOT_ALLOWED',
    );
  return named as CertificateFamily;
}

export function parseIdentifiers(payload: unknown): string[] {
  const p = payload as { identifiers?: unknown; notBefore?: unknown; notAfter?: unknown } | undefined;
  if (!p || !Array.isArray(p.identifiers) || p.identifiers.length === 0) throw malformed('newOrder needs "identifiers": [{"type": "dns", "value": "www.example.org"}, ...].');
  if (p.notBefore !== undefined || p.notAfter !== undefined)
    throw malformed('notBefore/notAfter are not supported: validity follows the CA/Browser Forum maximum for the issuance date.');
  if (p.identifiers.length > MAX_IDENTIFIERS) throw new AcmeProblem('rejectedIdentifier', `At most ${MAX_IDENTIFIERS} identifiers per order; split the order.`);
  const names = (p.identifiers as { type?: unknown; value?: unknown }[]).map((id) => {
    if (id?.type !== 'dns') throw new AcmeProblem('unsupportedIdentifier', `Only "dns" identifiers are supported (got ${JSON.stringify(id?.type)}).`);
    const value = typeof id.value === 'string' ? id.value.toLowerCase() : '';
    if (!DNS_NAME.test(value) || value.length > 253) throw new AcmeProblem('rejectedIdentifier', `"${String(id.value)}" is not a valid DNS name.`);
    return value;
  });
  return [...new Set(names)];
}
