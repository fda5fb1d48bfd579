import { SetMetadata } from '@nestjs/common';
import type { EventContract, EventDataOf, RequestContract } from '@platform/contracts';
import type { DeliveredEvent } from './message-bus.port';
import type { ContractRequestHandler } from './typed';

export const ON_REQUEST = Symbol('messaging:on-request');
export const ON_EVENT = Symbol('messaging:on-event');

/**
 * Marks a method as the handler of a request contract: it receives the validated request and the
 * headers and returns the response (validated before it is sent). The method's signature is
 * checked against the contract at compile time.
 *
 *   @OnRequest(Billing.GetSubscription)
 *   get(input: Billing.GetSubscriptionRequest, headers: MessageHeaders) { ... }
 */
export function OnRequest<C extends RequestContract>(contract: C) {
  return <T extends ContractRequestHandler<C>>(
    target: object,
    key: string | symbol,
    descriptor: TypedPropertyDescriptor<T>,
  ): void => {
    SetMetadata(ON_REQUEST, contract)(target, key, descriptor);
  };
}

export type ContractEventHandler<C extends EventContract> = (data: EventDataOf<C>, delivered: DeliveredEvent) => unknown;

/**
 * Marks a method as a consumer of an integration event: it receives the validated data and the
 * delivery (use `delivered.id` to stay idempotent: an event may come twice). Resolving acks it;
 * throwing has it redelivered later.
 */
export function OnEvent<C extends EventContract>(contract: C) {
  return <T extends ContractEventHandler<C>>(
    target: object,
    key: string | symbol,
    descriptor: TypedPropertyDescriptor<T>,
  ): void => {
    SetMetadata(ON_EVENT, contract)(target, key, descriptor);
  };
}
