import { z } from 'zod';
import { CertificateTypeSchema } from '../../lib/common';
import { defineRequest, type RequestOf, type ResponseOf } from '../../lib/define';

/** One missing piece: a stable code, a sentence saying what to do, and the names it concerns. */
export const ValidationProblemSchema = z.object({
  code: z.string(),
  message: z.string(),
  names: z.array(z.string()).optional(),
});

/**
 * Asked before every issuance, on every request path: may these names be issued for this
 * organisation (or department)? Lists every missing piece at once, and gives the vetted
 * organisation data that goes into the certificate's subject.
 */
export const CheckNames = defineRequest(
  'validation.qry.check-names.v1',
  z.object({
    organisationId: z.string(),
    /** set when a DRAO requests: names must be under domains delegated to the department */
    departmentId: z.string().optional(),
    names: z.array(z.string()).min(1),
    certificateType: CertificateTypeSchema.default('ov-ssl'),
  }),
  z.object({
    allowed: z.boolean(),
    problems: z.array(ValidationProblemSchema),
    subject: z.object({
      organisation: z.string().optional(),
      locality: z.string().optional(),
      state: z.string().optional(),
      country: z.string().optional(),
      /** the vetted street address and postcode, for profiles that carry them */
      street: z.string().optional(),
      postalCode: z.string().optional(),
      ev: z
        .object({
          jurisdictionCountry: z.string(),
          businessCategory: z.string(),
          registrationNumber: z.string(),
          jurisdictionState: z.string().optional(),
          jurisdictionLocality: z.string().optional(),
        })
        .optional(),
    }),
  }),
);

export type CheckNamesRequest = RequestOf<typeof CheckNames>;
export type CheckNamesResponse = ResponseOf<typeof CheckNames>;
