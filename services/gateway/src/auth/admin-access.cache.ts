import { Inject, Injectable, Logger } from '@nestjs/common';
import { Identity } from '@platform/contracts';
import { CLOCK, type Clock, DomainError } from '@platform/kernel';
import { MESSAGE_BUS, type MessageBus, sendRequest } from '@platform/messaging';
import { GATEWAY_CONFIG, type GatewayConfig } from '../gateway.tokens';

/**
 * How long the gateway trusts its last answer about an admin. Access tokens are stateless and live
 * 15 minutes; asking identity on every request would cost a round trip each, so a suspension,
 * deletion, change of grants or of password takes effect within this window instead of 15 minutes.
 */
export const ADMIN_ACCESS_CACHE_MS = 5_000;

/**
 * How long the last answer still counts while identity does not answer: a short outage does not
 * refuse every signed-in admin, but a suspended admin does not keep access for as long as it lasts.
 */
export const IDENTITY_UNREACHABLE_GRACE_MS = 60_000;

interface Entry {
  at: number;
  access: Identity.AdminAccessResponse;
}

/** Per-admin cache of identity's AdminAccess answer; concurrent misses for one admin share one request. */
@Injectable()
export class AdminAccessCache {
  private readonly logger = new Logger('AdminAccess');
  private readonly entries = new Map<string, Entry>();
  private readonly inFlight = new Map<string, Promise<Identity.AdminAccessResponse>>();

  constructor(
    @Inject(MESSAGE_BUS) private readonly bus: MessageBus,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(GATEWAY_CONFIG) private readonly config: Pick<GatewayConfig, 'identityUnreachableGraceMs'>,
  ) {}

  /** Throws 401 when the admin is no longer active, or the token predates what ended its tokens. */
  async assertTokenCounts(adminId: string, issuedAt: number): Promise<void> {
    const access = await this.lookup(adminId);
    const revokedAt = access.tokensValidAfter ? Date.parse(access.tokensValidAfter) : undefined;
    if (access.status !== 'active' || (revokedAt !== undefined && issuedAt < revokedAt))
      throw new DomainError(
        'TOKEN_REVOKED',
        'unauthenticated',
        'This access token no longer counts: the account was suspended or deleted, or its grants or password changed since it was issued. Sign in again.',
      );
  }

  private async lookup(adminId: string): Promise<Identity.AdminAccessResponse> {
    const now = this.clock.now().getTime();
    const cached = this.entries.get(adminId);
    if (cached && now - cached.at < ADMIN_ACCESS_CACHE_MS) return cached.access;
    let pending = this.inFlight.get(adminId);
    if (!pending) {
      pending = sendRequest(this.bus, Identity.AdminAccess, { adminId }, { timeoutMs: 2_000 }).finally(() => this.inFlight.delete(adminId));
      this.inFlight.set(adminId, pending);
    }
    try {
      const access = await pending;
      if (this.entries.size > 50_000) this.entries.clear(); // bounded: a cache, not a store
      this.entries.set(adminId, { at: now, access });
      return access;
    } catch (error) {
      // Identity unreachable: a recent answer beats refusing everyone; an older one, or none, is refused.
      if (cached && now - cached.at < (this.config.identityUnreachableGraceMs ?? IDENTITY_UNREACHABLE_GRACE_MS)) return cached.access;
      this.logger.warn(`identity did not answer for admin ${adminId}: ${(error as Error).message}`);
      throw new DomainError('IDENTITY_UNAVAILABLE', 'unavailable', 'Your sign-in cannot be checked right now: the identity service does not answer. Try again in a moment.');
    }
  }
}
