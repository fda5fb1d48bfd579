import { type ErrorKind, isDomainError } from '@platform/kernel';

const NS = 'urn:ietf:params:acme:error:';

/** A refusal at the ACME edge: an RFC 8555 §6.7 problem type, a detail a person can act on, our stable code. */
export class AcmeProblem extends Error {
  constructor(
    readonly type: string,
    readonly detail: string,
    readonly status = 400,
    readonly code?: string,
    readonly extra: Record<string, unknown> = {},
  ) {
    super(detail);
  }
}

/** Domain codes that have a specific ACME type; others fall back on their kind. */
const BY_CODE: Record<string, [type: string, status: number]> = {
  SUBSCRIPTION_SUSPENDED: ['userActionRequired', 403],
  SUBSCRIPTION_NOT_FOUND: ['userActionRequired', 403],
  SUBSCRIPTION_NOT_IN_TERM: ['userActionRequired', 403],
  ALLOWANCE_EXHAUSTED: ['unauthorized', 403],
  ORG_NOT_VALIDATED: ['unauthorized', 403],
  ORG_VALIDATION_EXPIRED: ['unauthorized', 403],
  EV_ANCHOR_MISSING: ['unauthorized', 403],
  EV_ANCHOR_EXPIRED: ['unauthorized', 403],
  DOMAIN_NOT_VALIDATED: ['rejectedIdentifier', 400],
  DOMAIN_NOT_ADDED: ['rejectedIdentifier', 400],
  DOMAIN_NOT_DELEGATED: ['rejectedIdentifier', 400],
  DOMAIN_NAME_INVALID: ['rejectedIdentifier', 400],
  CAA_FORBIDS_ISSUANCE: ['caa', 403],
  CAA_LOOKUP_FAILED: ['dns', 400],
  CSR_MALFORMED: ['badCSR', 400],
  CSR_SIGNATURE_INVALID: ['badCSR', 400],
  CSR_CN_NOT_IN_SAN: ['badCSR', 400],
  CSR_NAME_INVALID: ['badCSR', 400],
  CSR_MUST_STAPLE_UNSUPPORTED: ['badCSR', 400],
  CSR_KEY_UNSUPPORTED: ['badPublicKey', 400],
  CSR_KEY_COMPROMISED: ['badPublicKey', 400],
  ACME_BINDING_UNKNOWN: ['unauthorized', 401],
  ACME_BINDING_ALREADY_USED: ['unauthorized', 401],
  ACME_BINDING_DISABLED: ['unauthorized', 401],
  ACME_ACCOUNT_DEACTIVATED: ['unauthorized', 401],
  ACME_ORDER_NOT_READY: ['orderNotReady', 403],
  CERTIFICATE_ALREADY_REVOKED: ['alreadyRevoked', 400],
};

const BY_KIND: Record<ErrorKind, [string, number]> = {
  invalid: ['malformed', 400],
  unauthenticated: ['unauthorized', 401],
  forbidden: ['unauthorized', 403],
  not_found: ['malformed', 404],
  conflict: ['malformed', 409],
  unprocessable: ['rejectedIdentifier', 400],
  unsupported_media_type: ['malformed', 415],
  rate_limited: ['rateLimited', 429],
  unavailable: ['serverInternal', 503],
  internal: ['serverInternal', 500],
};

export function toAcmeProblem(error: unknown): AcmeProblem {
  if (error instanceof AcmeProblem) return error;
  if (isDomainError(error)) {
    const [type, status] = BY_CODE[error.code] ?? BY_KIND[error.kind];
    const problems = error.details?.problems;
    const subproblems = Array.isArray(problems)
      ? (problems as { code: string; message: string; names?: string[] }[]).flatMap((p) =>
          (p.names ?? []).map((name) => ({ type: NS + (BY_CODE[p.code]?.[0] ?? 'rejectedIdentifier'), detail: p.message, identifier: { type: 'dns', value: name } })),
        )
      : [];
    return new AcmeProblem(type, error.kind === 'internal' ? 'Internal error.' : error.message, status, error.code, subproblems.length ? { subproblems } : {});
  }
  return new AcmeProblem('serverInternal', 'The server failed to handle this request; try again later.', 500);
}

export const problemBody = (p: AcmeProblem) => ({ type: NS + p.type, detail: p.detail, status: p.status, ...(p.code ? { code: p.code } : {}), ...p.extra });

export const malformed = (detail: string) => new AcmeProblem('malformed', detail);
export const unauthorized = (detail: string) => new AcmeProblem('unauthorized', detail, 403);
