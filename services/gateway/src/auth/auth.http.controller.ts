import { Body, Controller, Get, HttpCode, Inject, Post, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiTags } from '@nestjs/swagger';
import { Identity } from '@platform/contracts';
import { type Actor, CLOCK, type Clock } from '@platform/kernel';
import { z } from 'zod';
import { GATEWAY_CONFIG, type GatewayConfig } from '../gateway.tokens';
import { BusClient } from '../http/bus-client';
import { ZodPipe, jsonSchema } from '../http/zod-body.pipe';
import { ACCESS_TOKEN_TTL_SECONDS, issueAccessToken } from './access-token';
import { CurrentActor } from './auth.guard';
import { LIMITS, RateLimit, RateLimitGuard } from './rate-limit.guard';
import { Access } from './access.decorator';

const SignInBody = z.object({ email: z.string().min(1).max(320), password: z.string().min(1).max(1024) });
const AcceptInvitationBody = z.object({ token: z.string().min(1).max(500), password: z.string().min(1).max(1024) });
const RefreshBody = z.object({ refreshToken: z.string().min(1).max(500) });
const ApiTokenBody = z.object({ credential: z.string().min(1).max(500) });
const ChangePasswordBody = z.object({ currentPassword: z.string().min(1).max(1024), newPassword: z.string().min(1).max(1024) });

@ApiTags('auth')
@Controller('api/v1/auth')
@UseGuards(RateLimitGuard)
export class AuthHttpController {
  constructor(
    private readonly bus: BusClient,
    @Inject(GATEWAY_CONFIG) private readonly config: GatewayConfig,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  private tokens(actor: Actor, refresh?: { refreshToken?: string; refreshExpiresAt?: string }) {
    return {
      accessToken: issueAccessToken(this.config.tokenSecret, actor, this.clock.now()),
      tokenType: 'Bearer',
      expiresIn: ACCESS_TOKEN_TTL_SECONDS,
      ...(refresh?.refreshToken ? { refreshToken: refresh.refreshToken, refreshExpiresAt: refresh.refreshExpiresAt } : {}),
    };
  }

  /** A 15-minute access token and a refresh token that rotates on every use. */
  @Access('public')
  @Post('sign-in')
  @HttpCode(200)
  @RateLimit(LIMITS.signIn)
  @ApiBody({ schema: jsonSchema(SignInBody) })
  async signIn(@Body(new ZodPipe(SignInBody)) body: z.infer<typeof SignInBody>) {
    const { actor, ...refresh } = await this.bus.send(Identity.SignIn, body);
    return this.tokens(actor, refresh);
  }

  @Access('public')
  @Post('refresh')
  @HttpCode(200)
  @RateLimit(LIMITS.token)
  @ApiBody({ schema: jsonSchema(RefreshBody) })
  async refresh(@Body(new ZodPipe(RefreshBody)) body: z.infer<typeof RefreshBody>) {
    const { actor, ...refresh } = await this.bus.send(Identity.RefreshSession, body);
    return this.tokens(actor, refresh);
  }

  /** Ends the session of the refresh token; the access token runs out within 15 minutes. */
  @Access('public')
  @Post('sign-out')
  @HttpCode(200)
  @RateLimit(LIMITS.token)
  @ApiBody({ schema: jsonSchema(RefreshBody) })
  signOut(@Body(new ZodPipe(RefreshBody)) body: z.infer<typeof RefreshBody>) {
    return this.bus.send(Identity.SignOut, body);
  }

  /** API admins: the credential from their creation for an access token (no refresh token, no UI sign-in). */
  @Access('public')
  @Post('api-token')
  @HttpCode(200)
  @RateLimit(LIMITS.signIn)
  @ApiBody({ schema: jsonSchema(ApiTokenBody) })
  async apiToken(@Body(new ZodPipe(ApiTokenBody)) body: z.infer<typeof ApiTokenBody>) {
    const { actor } = await this.bus.send(Identity.ApiSignIn, body);
    return this.tokens(actor);
  }

  @Access('public')
  @Post('accept-invitation')
  @HttpCode(200)
  @RateLimit(LIMITS.password)
  @ApiBody({ schema: jsonSchema(AcceptInvitationBody) })
  acceptInvitation(@Body(new ZodPipe(AcceptInvitationBody)) body: z.infer<typeof AcceptInvitationBody>) {
    return this.bus.send(Identity.AcceptInvitation, body);
  }

  /** The signed-in admin's own password; the policy is the invitation's (12+ characters, not the e-mail address). */
  @ApiBearerAuth()
  @Access('signed-in')
  @Post('password')
  @HttpCode(200)
  @RateLimit(LIMITS.password)
  @ApiBody({ schema: jsonSchema(ChangePasswordBody) })
  changePassword(@CurrentActor() actor: Actor, @Body(new ZodPipe(ChangePasswordBody)) body: z.infer<typeof ChangePasswordBody>) {
    return this.bus.send(Identity.ChangePassword, { actor, ...body });
  }

  @ApiBearerAuth()
  @Access('signed-in')
  @Get('me')
  me(@CurrentActor() actor: Actor) {
    return actor;
  }
}
