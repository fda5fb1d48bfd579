import { z } from 'zod';
import { ActorSchema } from '../../lib/common';
import { CertificateFamilySchema } from '../../lib/tls-certificate-type';
import { defineRequest, type RequestOf, type ResponseOf } from '../../lib/define';

/**
 * An RAO (or a DRAO with the manage-acme privilege) creates an External Account Binding for its
 * organisation or department. The HMAC key is in this reply only: the acme service derives it from
 * its secret and the key id, and stores neither it nor a copy.
 */
export const CreateAccountBinding = defineRequest(
  'acme.cmd.create-account-binding.v1',
  z.object({
    actor: ActorSchema,
    organisationId: z.string(),
    departmentId: z.string().optional(),
    /** what the binding is for, shown in listings (e.g. "web servers, certbot") */
    label: z.string().max(200).optional(),
    /** the certificates its accounts get: OV (the default), or EV when the organisation has a vetted EV anchor */
    family: CertificateFamilySchema.optional(),
  }),
  z.object({
    keyId: z.string(),
    /** base64url, 32 bytes; shown once */
    hmacKey: z.string(),
    organisationId: z.string(),
    departmentId: z.string().optional(),
    label: z.string().optional(),
    family: CertificateFamilySchema.optional(),
    createdAt: z.string(),
    /** the ACME directory clients are pointed at */
    directoryPath: z.string(),
  }),
);

export type CreateAccountBindingRequest = RequestOf<typeof CreateAccountBinding>;
export type CreateAccountBindingResponse = ResponseOf<typeof CreateAccountBinding>;
