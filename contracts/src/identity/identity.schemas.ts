import { z } from 'zod';

export const Email = z.string().trim().toLowerCase().pipe(z.email());

export const OrganisationSchema = z.object({
  id: z.string(),
  name: z.string(),
  member: z.boolean(),
  createdAt: z.string(),
});

export type OrganisationView = z.infer<typeof OrganisationSchema>;
