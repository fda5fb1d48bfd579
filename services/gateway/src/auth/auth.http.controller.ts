import { Body, Controller, Get, HttpCode, Inject, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiTags } from '@nestjs/swagger';
import { Identity } from '@platform/contracts';
import { type Actor, CLOCK, type Clock } from '@platform/kernel';
import { z } from 'zod';
import { GATEWAY_CONFIG, type GatewayConfig } from '../gateway.tokens';
import { BusClient } from '../http/bus-client';
import { ZodPipe, jsonSchema } from '../http/zod-body.pipe';
import { ACCESS_TOKEN_TTL_SECONDS, issueAccessToken } from './access-token';
import { CurrentActor, Public } from './auth.guard';

const SignInBody = z.object({ email: z.string().min(1).max(320), password: z.string().min(1).max(1024) });
const AcceptInvitationBody = z.object({ token: z.string().min(1).max(500), password: z.string().min(1).max(1024) });

@ApiTags('auth')
@Controller('api/v1/auth')
export class AuthHttpController {
  constructor(
    private readonly bus: BusClient,
    @Inject(GATEWAY_CONFIG) private readonly config: GatewayConfig,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  @Public()
  @Post('sign-in')
  @HttpCode(200)
  @ApiBody({ schema: jsonSchema(SignInBody) })
  async signIn(@Body(new ZodPipe(SignInBody)) body: z.infer<typeof SignInBody>) {
    const { actor } = await this.bus.send(Identity.SignIn, body);
    return {
      accessToken: issueAccessToken(this.config.tokenSecret, actor, this.clock.now()),
      tokenType: 'Bearer',
      expiresIn: ACCESS_TOKEN_TTL_SECONDS,
    };
  }

  @Public()
  @Post('accept-invitation')
  @HttpCode(200)
  @ApiBody({ schema: jsonSchema(AcceptInvitationBody) })
  acceptInvitation(@Body(new ZodPipe(AcceptInvitationBody)) body: z.infer<typeof AcceptInvitationBody>) {
    return this.bus.send(Identity.AcceptInvitation, body);
  }

  @ApiBearerAuth()
  @Get('me')
  me(@CurrentActor() actor: Actor) {
    return actor;
  }
}
