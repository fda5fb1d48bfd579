import { z } from 'zod';
import { defineRequest, type RequestOf, type ResponseOf } from '../../lib/define';

/** The holder of the mailbox follows the link: no sign-in, the token is the proof. Works once. */
export const ConfirmDomainValidationEmail = defineRequest(
  'validation.cmd.confirm-domain-validation-email.v1',
  z.object({ token: z.string().min(1).max(512) }),
  z.object({ domain: z.string(), validatedAt: z.string(), validUntil: z.string() }),
);

export type ConfirmDomainValidationEmailRequest = RequestOf<typeof ConfirmDomainValidationEmail>;
export type ConfirmDomainValidationEmailResponse = ResponseOf<typeof ConfirmDomainValidationEmail>;
