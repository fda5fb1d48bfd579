import { Injectable } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { Validation } from '@platform/contracts';
import { type MessageHeaders, OnRequest } from '@platform/messaging';
import { CheckAcmeChallengeCommand } from './check-acme-challenge.handler';

/** Translates the acme service's challenge checks into the command; no logic here. */
@Injectable()
export class CheckAcmeChallengeNatsController {
  constructor(private readonly commands: CommandBus) {}

  @OnRequest(Validation.CheckAcmeChallenge)
  check(input: Validation.CheckAcmeChallengeRequest, headers: MessageHeaders) {
    return this.commands.execute(new CheckAcmeChallengeCommand(input, headers.correlationId));
  }
}
