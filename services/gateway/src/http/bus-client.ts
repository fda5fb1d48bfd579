import { Inject, Injectable, Scope } from '@nestjs/common';
import { REQUEST } from '@nestjs/core';
import type { RequestContract, RequestInputOf, ResponseOf } from '@platform/contracts';
import { newId } from '@platform/kernel';
import { currentCorrelationId, MESSAGE_BUS, type MessageBus, sendRequest } from '@platform/messaging';
import type { Request } from 'express';

/** Sends a contract's request on behalf of the current HTTP request, with its correlation id. */
@Injectable({ scope: Scope.REQUEST })
export class BusClient {
  private readonly correlationId: string;

  constructor(
    @Inject(MESSAGE_BUS) private readonly bus: MessageBus,
    @Inject(REQUEST) request: Request,
  ) {
    // The HTTP edge (httpCorrelation) has set the request's id; the header is read for apps without it.
    const given = currentCorrelationId() ?? request.headers['x-request-id'];
    this.correlationId = typeof given === 'string' && /^[\w.-]{1,100}$/.test(given) ? given : newId();
  }

  send<C extends RequestContract>(contract: C, payload: RequestInputOf<C>): Promise<ResponseOf<C>> {
    return sendRequest(this.bus, contract, payload, { headers: { correlationId: this.correlationId } }) as Promise<ResponseOf<C>>;
  }
}
