import { randomBytes } from 'node:crypto';
import { Controller, Get, Inject, Logger, Query, Req, Res, UseGuards } from '@nestjs/common';
import { ApiOperation, ApiQuery, ApiResponse, ApiTags } from '@nestjs/swagger';
import { Identity } from '@platform/contracts';
import { CLOCK, type Clock, DomainError } from '@platform/kernel';
import type { Request, Response } from 'express';
import { type BaseClient, Issuer, generators } from 'openid-client';
import { z } from 'zod';
import { GATEWAY_CONFIG, type GatewayConfig, type OidcConfig } from '../gateway.tokens';
import { BusClient } from '../http/bus-client';
import { ZodPipe } from '../http/zod-body.pipe';
import { ACCESS_TOKEN_TTL_SECONDS, issueAccessToken } from './access-token';
import { FLOW_COOKIE, FLOW_PATH, FLOW_TTL_MS, type OidcFlow, openFlow, readCookie, sealFlow } from './oidc-flow';
import { LIMITS, RateLimit, RateLimitGuard } from './rate-limit.guard';
import { Access } from './access.decorator';
import { ApiDoc } from '../openapi/api-doc.decorator';

const BindQuery = z.strictObject({ token: z.string().min(1, 'the link has no invitation token; open it exactly as e-mailed').max(500) });

/**
 * OpenID Connect (authorization code + PKCE, openid-client): binding an IdP identity to an account
 * through an IdP invitation, and signing in through the IdP afterwards. Identity decides; this only
 * runs the protocol and hands issuer + subject of a verified ID token to it.
 */
@ApiTags('auth')
@Controller(FLOW_PATH)
@UseGuards(RateLimitGuard)
export class OidcHttpController {
  private static clients = new WeakMap<OidcConfig, Promise<BaseClient>>();
  private readonly logger = new Logger('Oidc');

  constructor(
    private readonly bus: BusClient,
    @Inject(GATEWAY_CONFIG) private readonly config: GatewayConfig,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  /** The IdP invitation link: checks the invitation, then sends the browser to the identity provider. */
  @Access('public')
  @Get('bind')
  @RateLimit(LIMITS.password)
  @ApiOperation({ summary: 'Follow an IdP invitation link: checks the invitation, then redirects to the identity provider' })
  @ApiQuery({ name: 'token', required: true, description: 'the invitation token, exactly as e-mailed (once)', schema: { type: 'string', minLength: 1, maxLength: 500 } })
  @ApiResponse({ status: 302, description: 'to the identity provider, with the flow cookie set' })
  @ApiResponse({ status: 400, description: 'no token, a token given twice, or another parameter (problem+json)' })
  @ApiResponse({ status: 422, description: 'INVITATION_INVALID: the invitation is unknown, used or expired (problem+json)' })
  // The whole query through a schema: a repeated `token` arrives as an array and must be refused here,
  // not reach the contract check of the bus request (which treats it as our bug: 500).
  async bind(@Query(new ZodPipe(BindQuery, 'query')) { token }: z.infer<typeof BindQuery>, @Res() response: Response) {
    await this.bus.send(Identity.CheckIdpInvitation, { token });
    await this.redirectToProvider(response, { purpose: 'bind', token });
  }

  @Access('public')
  @Get('sign-in')
  @RateLimit(LIMITS.signIn)
  @ApiDoc({
    summary: 'Sign in through the identity provider (redirects to it)',
    problems: { 404: 'IDP_NOT_CONFIGURED: no identity provider is configured here.' },
  })
  @ApiResponse({ status: 302, description: 'To the identity provider, with the flow cookie set.' })
  async signIn(@Res() response: Response) {
    await this.redirectToProvider(response, { purpose: 'sign-in' });
  }

  /** Where the provider sends the browser back: exchanges the code (with the PKCE verifier) and verifies the ID token. */
  @Access('public')
  @Get('callback')
  @RateLimit(LIMITS.signIn)
  @ApiDoc({
    summary: 'Come back from the identity provider: binds the identity (after an IdP invitation) or signs in',
    problems: {
      400: 'IDP_FLOW_INVALID: not started here, or older than 10 minutes.',
      401: 'IDP_SIGN_IN_FAILED: the provider did not confirm the sign-in; IDP_NOT_BOUND: no account is bound to this identity.',
      409: 'IDP_IDENTITY_IN_USE: the identity is bound to another account.',
      404: 'IDP_NOT_CONFIGURED.',
      422: 'INVITATION_INVALID: the IdP invitation is unknown, used or expired.',
    },
  })
  @ApiQuery({ name: 'code', required: false, description: 'the authorization code, from the provider', schema: { type: 'string' } })
  @ApiQuery({ name: 'state', required: false, description: 'the flow\'s state, from the provider', schema: { type: 'string' } })
  @ApiResponse({
    status: 200,
    description: 'Bound (`bound: true`), or signed in (the tokens, as /auth/sign-in answers).',
    content: { 'application/json': { schema: { type: 'object' } } },
  })
  async callback(@Req() request: Request, @Res() response: Response) {
    const { oidc, client } = await this.client();
    const flow = openFlow(this.config.tokenSecret, readCookie(request.headers.cookie, FLOW_COOKIE), this.clock.now());
    response.setHeader('Set-Cookie', this.cookie(oidc, '', 0));
    if (!flow)
      throw new DomainError('IDP_FLOW_INVALID', 'invalid', 'This sign-in was not started here or took longer than 10 minutes. Start again from the link or the sign-in page.');
    const params = client.callbackParams(request);
    const claims = await client
      .callback(oidc.redirectUri, params, { code_verifier: flow.verifier, state: flow.state, nonce: flow.nonce })
      .then((tokens) => tokens.claims())
      .catch((error: Error) => {
        // The provider's error text may be shown; tokens and codes never are.
        this.logger.warn(`OpenID Connect callback refused: ${error.name}: ${error.message}`);
        throw new DomainError('IDP_SIGN_IN_FAILED', 'unauthenticated', `The identity provider did not confirm the sign-in (${error.message}). Try again.`);
      });
    const identity = { issuer: claims.iss, subject: claims.sub };
    if (flow.purpose === 'bind' && flow.token) {
      const bound = await this.bus.send(Identity.BindIdpIdentity, { token: flow.token, ...identity });
      response.status(200).json({ ...bound, bound: true, next: 'Sign in through the identity provider from now on.' });
      return;
    }
    const { actor, refreshToken, refreshExpiresAt } = await this.bus.send(Identity.SignInWithIdp, identity);
    response.status(200).json({
      accessToken: issueAccessToken(this.config.tokenSecret, actor, this.clock.now()),
      tokenType: 'Bearer',
      expiresIn: ACCESS_TOKEN_TTL_SECONDS,
      refreshToken,
      refreshExpiresAt,
    });
  }

  private async redirectToProvider(response: Response, flow: Pick<OidcFlow, 'purpose' | 'token'>): Promise<void> {
    const { oidc, client } = await this.client();
    const verifier = generators.codeVerifier();
    const sealed: OidcFlow = {
      ...flow,
      state: randomBytes(16).toString('base64url'),
      nonce: randomBytes(16).toString('base64url'),
      verifier,
      expiresAt: this.clock.now().getTime() + FLOW_TTL_MS,
    };
    const url = client.authorizationUrl({
      scope: 'openid email',
      code_challenge: generators.codeChallenge(verifier),
      code_challenge_method: 'S256',
      state: sealed.state,
      nonce: sealed.nonce,
    });
    response.setHeader('Set-Cookie', this.cookie(oidc, sealFlow(this.config.tokenSecret, sealed), FLOW_TTL_MS / 1000));
    response.redirect(302, url);
  }

  private cookie(oidc: OidcConfig, value: string, maxAge: number): string {
    const secure = oidc.redirectUri.startsWith('https:') ? '; Secure' : '';
    // Lax: the provider's redirect back is a top-level GET, which Lax lets through; nothing else is.
    return `${FLOW_COOKIE}=${value}; Path=${FLOW_PATH}; Max-Age=${maxAge}; HttpOnly; SameSite=Lax${secure}`;
  }

  /** Discovery once per configuration; a failed discovery is retried on the next request. */
  private async client(): Promise<{ oidc: OidcConfig; client: BaseClient }> {
    const oidc = this.config.oidc;
    if (!oidc) throw new DomainError('IDP_NOT_CONFIGURED', 'not_found', 'Sign-in through an identity provider is not configured on this service.');
    let client = OidcHttpController.clients.get(oidc);
    if (!client) {
      client = Issuer.discover(oidc.issuer).then(
        (issuer) =>
          new issuer.Client({ client_id: oidc.clientId, client_secret: oidc.clientSecret, redirect_uris: [oidc.redirectUri], response_types: ['code'] }),
      );
      OidcHttpController.clients.set(oidc, client);
      client.catch(() => OidcHttpController.clients.delete(oidc));
    }
    const ready = await client.catch(() => {
      throw new DomainError('IDP_UNAVAILABLE', 'unavailable', 'The identity provider does not answer. Try again in a few minutes.');
    });
    return { oidc, client: ready };
  }
}
