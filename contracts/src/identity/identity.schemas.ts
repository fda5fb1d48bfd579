import { z } from 'zod';
import { PrivilegeSchema } from '../lib/common';
import { IdSchema } from '../lib/ids';

export const Email = z.string().trim().toLowerCase().pipe(z.email());

export const OrganisationSchema = z.object({
  id: z.string(),
  name: z.string(),
  member: z.boolean(),
  createdAt: z.string(),
});

export type OrganisationView = z.infer<typeof OrganisationSchema>;

export const DepartmentViewSchema = z.object({
  id: z.string(),
  organisationId: z.string(),
  name: z.string(),
  createdAt: z.string(),
});
export type DepartmentView = z.infer<typeof DepartmentViewSchema>;

/** A grant asked for: MRAO global, RAO an organisation, DRAO a department of it. */
export const GrantInputSchema = z
  .object({
    role: z.enum(['MRAO', 'RAO', 'DRAO']),
    organisationId: IdSchema.optional(),
    departmentId: IdSchema.optional(),
    privileges: z.array(PrivilegeSchema).optional(),
  })
  .superRefine((g, ctx) => {
    const wants = { MRAO: [false, false], RAO: [true, false], DRAO: [true, true] }[g.role];
    if (!!g.organisationId !== wants[0] || !!g.departmentId !== wants[1])
      ctx.addIssue({
        code: 'custom',
        message: `${g.role} needs ${g.role === 'MRAO' ? 'no scope' : g.role === 'RAO' ? 'organisationId only' : 'organisationId and departmentId'}`,
      });
  });
export type GrantInput = z.infer<typeof GrantInputSchema>;

export const AdminViewSchema = z.object({
  id: z.string(),
  email: z.string(),
  name: z.string(),
  type: z.enum(['standard', 'idp', 'api']),
  status: z.enum(['invited', 'active', 'suspended', 'deleted']),
  grants: z.array(GrantInputSchema),
  /** the bound OpenID Connect issuer (the subject stays inside identity) */
  idpIssuer: z.string().optional(),
});
export type AdminView = z.infer<typeof AdminViewSchema>;
