import { z } from 'zod';
import { ActorSchema } from '../../lib/common';
import { defineRequest, type RequestOf, type ResponseOf } from '../../lib/define';
import { DcvMailboxSchema, DomainNameSchema } from '../validation.schemas';

/** E-mails a one-time link to one of the domain's five constructed contact addresses. */
export const SendDomainValidationEmail = defineRequest(
  'validation.cmd.send-domain-validation-email.v1',
  z.object({ actor: ActorSchema, organisationId: z.string(), domain: DomainNameSchema, mailbox: DcvMailboxSchema }),
  z.object({ domain: z.string(), to: z.string(), expiresAt: z.string() }),
);

export type SendDomainValidationEmailRequest = RequestOf<typeof SendDomainValidationEmail>;
export type SendDomainValidationEmailResponse = ResponseOf<typeof SendDomainValidationEmail>;
