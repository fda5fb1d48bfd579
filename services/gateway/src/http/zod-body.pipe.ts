import { type PipeTransform } from '@nestjs/common';
import { DomainError } from '@platform/kernel';
import { z } from 'zod';

/** Validates a body or query against a zod schema; the problem lists every issue with its path. */
export class ZodPipe<S extends z.ZodType> implements PipeTransform<unknown, z.infer<S>> {
  constructor(
    private readonly schema: S,
    private readonly what = 'request body',
  ) {}

  transform(value: unknown): z.infer<S> {
    const result = this.schema.safeParse(value ?? {});
    if (result.success) return result.data;
    const errors = result.error.issues.map((i) => ({ path: i.path.join('.') || '(root)', message: i.message }));
    throw new DomainError(
      'VALIDATION_FAILED',
      'invalid',
      `The ${this.what} is not valid: ${errors.map((e) => `${e.path}: ${e.message}`).join('; ')}.`,
      { errors },
    );
  }
}

/** JSON Schema for OpenAPI, from the same zod schema that validates. */
export const jsonSchema = (schema: z.ZodType) => z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;
