import { Body, Controller, Get, HttpCode, Inject, Post, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiTags } from '@nestjs/swagger';
import { ActorSchema, Identity } from '@platform/contracts';
import { type Actor, CLOCK, type Clock } from '@platform/kernel';
import { z } from 'zod';
import { GATEWAY_CONFIG, type GatewayConfig } from '../gateway.tokens';
import { BusClient } from '../http/bus-client';
import { ZodPipe, jsonSchema } from '../http/zod-body.pipe';
import { ACCESS_TOKEN_TTL_SECONDS, issueAccessToken } from './access-token';
import { CurrentActor } from './auth.guard';
import { LIMITS, RateLimit, RateLimitGuard } from './rate-limit.guard';
import { Access } from './access.decorator';
import { ApiDoc } from '../openapi/api-doc.decorator';

const SignInBody = z.object({ email: z.string().min(1).max(320), password: z.string().min(1).max(1024) });
const AcceptInvitationBody = z.object({ token: z.string().min(1).max(500), password: z.string().min(1).max(1024) });
const RefreshBody = z.object({ refreshToken: z.string().min(1).max(500) });
const ApiTokenBody = z.object({ credential: z.string().min(1).max(500) });
const ChangePasswordBody = z.object({ currentPassword: z.string().min(1).max(1024), newPassword: z.string().min(1).max(1024) });
/** What `tokens()` answers, for the OpenAPI document. */
const TokensSchema = z.object({
  accessToken: z.string().describe('bearer token for the Authorization header, valid for expiresIn seconds'),
  tokenType: z.literal('Bearer'),
  expiresIn: z.number().int(),
  refreshToken: z.string().optional().describe('rotates on every use (not for API admins)'),
  refreshExpiresAt: z.string().optional(),
});

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
  @ApiDoc({
    summary: 'Sign in with e-mail and password',
    returns: TokensSchema,
    problems: { 401: 'INVALID_CREDENTIALS: one answer for a wrong address or password, a locked, IdP-bound or API account.' },
  })
  async signIn(@Body(new ZodPipe(SignInBody)) body: z.infer<typeof SignInBody>) {
    const { actor, ...refresh } = await this.bus.send(Identity.SignIn, body);
    return this.tokens(actor, refresh);
  }

  @Access('public')
  @Post('refresh')
  @HttpCode(200)
  @RateLimit(LIMITS.token)
  @ApiBody({ schema: jsonSchema(RefreshBody) })
  @ApiDoc({
    summary: 'Swap a refresh token for new tokens (the refresh token rotates)',
    returns: TokensSchema,
    problems: { 401: 'REFRESH_TOKEN_INVALID, REFRESH_TOKEN_REUSED (the session ends), SESSION_ENDED, SESSION_EXPIRED: sign in again.' },
  })
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
  @ApiDoc({ summary: 'End the session of a refresh token', returns: Identity.SignOut, problems: { 401: 'REFRESH_TOKEN_INVALID.' } })
  signOut(@Body(new ZodPipe(RefreshBody)) body: z.infer<typeof RefreshBody>) {
    return this.bus.send(Identity.SignOut, body);
  }

  /** API admins: the credential from their creation for an access token (no refresh token, no UI sign-in). */
  @Access('public')
  @Post('api-token')
  @HttpCode(200)
  @RateLimit(LIMITS.signIn)
  @ApiBody({ schema: jsonSchema(ApiTokenBody) })
  @ApiDoc({
    summary: 'Get an access token for an API admin\'s credential',
    returns: TokensSchema,
    problems: { 401: 'INVALID_CREDENTIALS.' },
  })
  async apiToken(@Body(new ZodPipe(ApiTokenBody)) body: z.infer<typeof ApiTokenBody>) {
    const { actor } = await this.bus.send(Identity.ApiSignIn, body);
    return this.tokens(actor);
  }

  @Access('public')
  @Post('accept-invitation')
  @HttpCode(200)
  @RateLimit(LIMITS.password)
  @ApiBody({ schema: jsonSchema(AcceptInvitationBody) })
  @ApiDoc({
    summary: 'Set the password through an invitation link',
    returns: Identity.AcceptInvitation,
    problems: {
      400: 'PASSWORD_POLICY: at least 12 characters, not the e-mail address.',
      422: 'INVITATION_INVALID (unknown or used), INVITATION_EXPIRED: ask for a new one.',
    },
  })
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
  @ApiDoc({
    summary: 'Change the signed-in admin\'s own password',
    returns: Identity.ChangePassword,
    problems: {
      400: 'PASSWORD_POLICY.',
      422: 'CURRENT_PASSWORD_WRONG; PASSWORD_NOT_CHANGEABLE: API and IdP-bound accounts have no password.',
      },
  })
  changePassword(@CurrentActor() actor: Actor, @Body(new ZodPipe(ChangePasswordBody)) body: z.infer<typeof ChangePasswordBody>) {
    return this.bus.send(Identity.ChangePassword, { actor, ...body });
  }

  @ApiBearerAuth()
  @Access('signed-in')
  @Get('me')
  @ApiDoc({ summary: 'Who is signed in, with grants and privileges', returns: ActorSchema })
  me(@CurrentActor() actor: Actor) {
    return actor;
  }
}
