import { SetMetadata, applyDecorators } from '@nestjs/common';
import { Public } from './auth.guard';

/**
 * Who may call a route, declared on the handler itself so that the rule cannot drift from the route.
 * The services enforce scope (they hold the data); this declaration is what the authorization matrix
 * (access-matrix.e2e.spec.ts) checks every route's answers against, and it fails on a route without one.
 *
 * - `public`: no sign-in (relying parties, sign-in itself, mailed links). Implies `@Public()`.
 * - `signed-in`: any admin; the answer is about the caller or filtered to its scope.
 * - `capability`: any admin holding the secret in the path (a mailed link); without it, 404 for all.
 * - `mrao`: the operator only; others 403 (in scope) or 404.
 * - `org`: the organisation in the path: its RAOs and MRAOs; other organisations 404.
 *   `drao` says what a DRAO of the organisation gets: `hidden` (404, the default: billing, vetting,
 *   domains' proofs), `read` (a view filtered to its departments), `forbidden` (403).
 * - `department`: a resource inside a department (a certificate, an admin, a grant in the body): its
 *   DRAOs, the organisation's RAOs and MRAOs; other departments and organisations 404.
 */
export type AccessKind = 'public' | 'signed-in' | 'capability' | 'mrao' | 'org' | 'department';
export interface AccessRule {
  kind: AccessKind;
  drao?: 'hidden' | 'read' | 'forbidden';
}

export const ACCESS_RULE = 'gateway:access-rule';

export const Access = (kind: AccessKind, options: Omit<AccessRule, 'kind'> = {}) => {
  const rule: AccessRule = { kind, ...options };
  return kind === 'public' ? applyDecorators(SetMetadata(ACCESS_RULE, rule), Public()) : SetMetadata(ACCESS_RULE, rule);
};
