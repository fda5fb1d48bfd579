import type { z } from 'zod';

export interface Issue {
  path: string;
  message: string;
}

export const issuesOf = (error: z.ZodError): Issue[] =>
  error.issues.map((i) => ({ path: i.path.map(String).join('.') || '(root)', message: i.message }));

/** One line naming each issue, e.g. `organisationId: Invalid input; names.0: Too small`. */
export const describeIssues = (error: z.ZodError): string =>
  issuesOf(error)
    .map((i) => `${i.path}: ${i.message}`)
    .join('; ');
