import { type CanActivate, type ExecutionContext, HttpException, Inject, Injectable, SetMetadata } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { CLOCK, type Clock } from '@platform/kernel';
import type { Request, Response } from 'express';

/**
 * Per-client fixed-window limits on the endpoints that guess or spray secrets (sign-in, invitation
 * links, refresh and API tokens) and on invitation sending. In memory per gateway instance: with N
 * instances a client gets at most N times the limit, which the per-account backoff in identity caps.
 */
export interface RateLimitRule {
  bucket: string;
  limit: number;
  windowMs: number;
  /** key by the signed-in admin instead of the client address */
  perActor?: boolean;
}

export const RATE_LIMIT = 'gateway:rate-limit';
export const RateLimit = (rule: RateLimitRule) => SetMetadata(RATE_LIMIT, rule);

export const LIMITS = {
  signIn: { bucket: 'sign-in', limit: 20, windowMs: 60_000 },
  password: { bucket: 'password', limit: 10, windowMs: 60_000 },
  token: { bucket: 'token', limit: 60, windowMs: 60_000 },
  invitation: { bucket: 'invitation', limit: 30, windowMs: 60_000, perActor: true },
} satisfies Record<string, RateLimitRule>;

interface Window {
  startedAt: number;
  count: number;
}

@Injectable()
export class RateLimitGuard implements CanActivate {
  private readonly windows = new Map<string, Window>();

  constructor(
    private readonly reflector: Reflector,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  canActivate(context: ExecutionContext): boolean {
    const rule = this.reflector.get<RateLimitRule | undefined>(RATE_LIMIT, context.getHandler());
    if (!rule) return true;
    const request = context.switchToHttp().getRequest<Request & { actor?: { adminId: string } }>();
    // The socket's address, not X-Forwarded-For, which any client can write.
    const who = rule.perActor && request.actor ? `admin:${request.actor.adminId}` : `ip:${request.socket.remoteAddress ?? 'unknown'}`;
    const key = `${rule.bucket}|${who}`;
    const now = this.clock.now().getTime();
    const window = this.windows.get(key);
    if (!window || now - window.startedAt >= rule.windowMs) {
      this.sweep(now);
      this.windows.set(key, { startedAt: now, count: 1 });
      return true;
    }
    window.count += 1;
    if (window.count <= rule.limit) return true;
    const retryAfter = Math.max(1, Math.ceil((window.startedAt + rule.windowMs - now) / 1000));
    context.switchToHttp().getResponse<Response>().setHeader('Retry-After', String(retryAfter));
    throw new HttpException(
      `Too many requests to this endpoint (at most ${rule.limit} a minute). Wait ${retryAfter} s, as the Retry-After header says, and try again.`,
      429,
    );
  }

  /** Drops finished windows now and then, so the map does not grow with every address ever seen. */
  private sweep(now: number): void {
    if (this.windows.size < 10_000) return;
    for (const [key, w] of this.windows) if (now - w.startedAt >= 3_600_000) this.windows.delete(key);
  }
}
