import { type CanActivate, type ExecutionContext, Inject, Injectable, SetMetadata, createParamDecorator } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { CLOCK, type Clock, DomainError, type Actor } from '@platform/kernel';
import type { Request } from 'express';
import { GATEWAY_CONFIG, type GatewayConfig } from '../gateway.tokens';
import { readAccessToken } from './access-token';
import { AdminAccessCache } from './admin-access.cache';

const PUBLIC = 'gateway:public';
/** Marks a route that needs no sign-in. Every other route does. */
export const Public = () => SetMetadata(PUBLIC, true);

type AuthenticatedRequest = Request & { actor?: Actor };

/** The signed-in admin, as established by the guard. */
export const CurrentActor = createParamDecorator((_: unknown, ctx: ExecutionContext): Actor => {
  const actor = ctx.switchToHttp().getRequest<AuthenticatedRequest>().actor;
  if (!actor) throw new Error('CurrentActor used on a public route');
  return actor;
});

@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    @Inject(GATEWAY_CONFIG) private readonly config: GatewayConfig,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly access: AdminAccessCache,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC, [context.getHandler(), context.getClass()])) return true;
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const [scheme, token] = (request.headers.authorization ?? '').split(' ');
    const read = scheme === 'Bearer' && token ? readAccessToken(this.config.tokenSecret, token, this.clock.now()) : undefined;
    if (!read)
      throw new DomainError('UNAUTHENTICATED', 'unauthenticated', 'Sign in first: send "Authorization: Bearer <access token>".');
    // A signed, unexpired token is not enough: the account may have been suspended since (cached check).
    await this.access.assertTokenCounts(read.actor.adminId, read.issuedAt);
    request.actor = read.actor;
    return true;
  }
}
