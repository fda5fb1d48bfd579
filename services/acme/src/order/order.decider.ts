import type { CertificateFamily, CertificateType } from '@platform/contracts';
import type { Decider } from '@platform/event-store';
import { DomainError } from '@platform/kernel';

/** An ACME order with its authorizations (one per identifier; ids `<orderId>.<index>`). */
export const orderStream = (orderId: string) => `acme-order-${orderId}`;

export type AuthzStatus = 'pending' | 'valid' | 'invalid';
export interface Authz {
  /** the DNS name without a leading "*." */
  name: string;
  wildcard: boolean;
  status: AuthzStatus;
  /** a random token for http-01 / dns-01 */
  token: string;
  /** the challenge that validated it; absent when a domain validated in the portal did */
  validatedBy?: string;
  /** why the challenge failed */
  error?: { challenge: string; detail: string };
}

export interface OrderData {
  orderId: string;
  accountId: string;
  identifiers: string[];
  /** the ACME profile it was placed under, and the type finalize requests; both absent on orders placed before profiles */
  profile?: CertificateFamily;
  certificateType?: CertificateType;
  authorizations: Authz[];
  createdAt: string;
  expires: string;
}

export type OrderEvent =
  | { type: 'AcmeOrderCreated'; data: OrderData }
  | { type: 'AcmeAuthorizationValidated'; data: { index: number; challenge: string; at: string } }
  | { type: 'AcmeAuthorizationInvalidated'; data: { index: number; challenge: string; detail: string; at: string } }
  /** csr (PEM): kept so that another instance can resume an issuance a crash interrupted (absent before 2026-11) */
  | { type: 'AcmeOrderProcessing'; data: { at: string; csr?: string } }
  | { type: 'AcmeOrderReadyAgain'; data: { code: string; at: string } }
  | { type: 'AcmeOrderIssued'; data: { certificateId: string; at: string } }
  | { type: 'AcmeOrderFailed'; data: { code: string; detail: string; at: string } };

export type OrderStatus = 'pending' | 'ready' | 'processing' | 'valid' | 'invalid';
export type OrderState =
  | { status: 'none' }
  | (OrderData & {
      status: OrderStatus;
      certificateId?: string;
      error?: { code: string; detail: string };
      /** while processing: since when, and the CSR being issued */
      processing?: { since: string; csr?: string };
    });

export type OrderCommand =
  | { type: 'CreateOrder'; order: OrderData }
  | { type: 'ValidateAuthorization'; index: number; challenge: string; at: string }
  | { type: 'InvalidateAuthorization'; index: number; challenge: string; detail: string; at: string }
  | { type: 'StartFinalizing'; at: string; csr: string }
  /** takes over an issuance that has been processing since before `staleBefore` (its finalize died) */
  | { type: 'ResumeFinalizing'; at: string; staleBefore: string }
  | { type: 'AbortFinalizing'; code: string; at: string }
  | { type: 'RecordIssued'; certificateId: string; at: string }
  | { type: 'RecordFailed'; code: string; detail: string; at: string };

const statusOf = (authorizations: Authz[]): OrderStatus =>
  authorizations.every((a) => a.status === 'valid') ? 'ready' : authorizations.some((a) => a.status === 'invalid') ? 'invalid' : 'pending';

export const orderDecider: Decider<OrderState, OrderCommand, OrderEvent> = {
  initialState: () => ({ status: 'none' }),
  evolve(state, event) {
    if (event.type === 'AcmeOrderCreated') return { ...event.data, status: statusOf(event.data.authorizations) };
    if (state.status === 'none') return state;
    switch (event.type) {
      case 'AcmeAuthorizationValidated': {
        const authorizations = state.authorizations.map((a, i) => (i === event.data.index ? { ...a, status: 'valid' as const, validatedBy: event.data.challenge } : a));
        return { ...state, authorizations, status: statusOf(authorizations) };
      }
      case 'AcmeAuthorizationInvalidated': {
        const { index, challenge, detail } = event.data;
        const authorizations = state.authorizations.map((a, i) => (i === index ? { ...a, status: 'invalid' as const, error: { challenge, detail } } : a));
        return { ...state, authorizations, status: statusOf(authorizations) };
      }
      case 'AcmeOrderProcessing':
        return { ...state, status: 'processing', processing: { since: event.data.at, csr: event.data.csr } };
      case 'AcmeOrderReadyAgain':
        return { ...state, status: 'ready', processing: undefined };
      case 'AcmeOrderIssued':
        return { ...state, status: 'valid', certificateId: event.data.certificateId, processing: undefined };
      case 'AcmeOrderFailed':
        return { ...state, status: 'invalid', error: { code: event.data.code, detail: event.data.detail }, processing: undefined };
      default: {
        const never: never = event;
        return never;
      }
    }
  },
  decide(command, state) {
    if (command.type === 'CreateOrder') {
      if (state.status !== 'none') throw new DomainError('ACME_ORDER_EXISTS', 'conflict', 'This order exists already.');
      return [{ type: 'AcmeOrderCreated', data: command.order }];
    }
    if (state.status === 'none') throw new DomainError('ACME_ORDER_UNKNOWN', 'not_found', 'No such order.');
    switch (command.type) {
      case 'ValidateAuthorization': {
        const authz = state.authorizations[command.index];
        if (!authz) throw new DomainError('ACME_AUTHZ_UNKNOWN', 'not_found', 'No such authorization.');
        if (authz.status === 'valid') return [];
        return [{ type: 'AcmeAuthorizationValidated', data: { index: command.index, challenge: command.challenge, at: command.at } }];
      }
      case 'InvalidateAuthorization': {
        const authz = state.authorizations[command.index];
        if (!authz) throw new DomainError('ACME_AUTHZ_UNKNOWN', 'not_found', 'No such authorization.');
        if (authz.status !== 'pending') return [];
        const { index, challenge, detail, at } = command;
        return [{ type: 'AcmeAuthorizationInvalidated', data: { index, challenge, detail, at } }];
      }
      case 'StartFinalizing':
        // Only one finalize runs: a second one (another instance, a retry) sees "processing" and polls.
        if (state.status === 'processing' || state.status === 'valid') return [];
        if (state.status !== 'ready') throw notReady(state.status);
        return [{ type: 'AcmeOrderProcessing', data: { at: command.at, csr: command.csr } }];
      case 'ResumeFinalizing': {
        // One taker: the new AcmeOrderProcessing moves `since`, so a second instance finds it fresh.
        const { processing } = state;
        if (state.status !== 'processing' || !processing?.csr || processing.since >= command.staleBefore) return [];
        return [{ type: 'AcmeOrderProcessing', data: { at: command.at, csr: processing.csr } }];
      }
      case 'AbortFinalizing':
        return state.status === 'processing' ? [{ type: 'AcmeOrderReadyAgain', data: { code: command.code, at: command.at } }] : [];
      case 'RecordIssued':
        if (state.status === 'valid') return [];
        if (state.status !== 'processing' && state.status !== 'ready') throw notReady(state.status);
        return [{ type: 'AcmeOrderIssued', data: { certificateId: command.certificateId, at: command.at } }];
      case 'RecordFailed':
        return state.status === 'invalid' ? [] : [{ type: 'AcmeOrderFailed', data: { code: command.code, detail: command.detail, at: command.at } }];
      default: {
        const never: never = command;
        return never;
      }
    }
  },
};

export const notReady = (status: string) =>
  new DomainError(
    'ACME_ORDER_NOT_READY',
    'conflict',
    `The order is ${status}, not ready: finalize once every authorization is valid (complete its http-01 or dns-01 challenge first).`,
  );
