import { type PipeTransform } from '@nestjs/common';
import { DomainError } from '@platform/kernel';
import { z } from 'zod';

/** Validates a body or query against a zod schema; the problem lists every issue with its path. */
export class ZodPipe<S extends z.ZodType> implements PipeTransform<unknown, z.infer<S>> {
  constructor(
    /** public: the OpenAPI document describes a whole query from it */
    readonly schema: S,
    private readonly what = 'request body',
  ) {}

  transform(value: unknown): z.infer<S> {
    const result = this.schema.safeParse(value ?? {});
    const errors = result.success
      ? unknownFields(value, result.data).map((path) => ({ path, message: 'unknown field: remove it (unknown fields are refused, not ignored)' }))
      : result.error.issues.map((i) => ({ path: i.path.join('.') || '(root)', message: i.message, ...codeOf(i) }));
    if (result.success && errors.length === 0) return result.data;
    throw new DomainError(
      'VALIDATION_FAILED',
      'invalid',
      `The ${this.what} is not valid: ${errors.map((e) => `${e.path}: ${e.message}`).join('; ')}.`,
      { errors },
    );
  }
}

/** A field rule's stable code (e.g. CERTIFICATE_TEXT_INVALID, ID_INVALID), when the schema gives one. */
const codeOf = (issue: z.core.$ZodIssue): { code?: string } => {
  const code = issue.code === 'custom' ? (issue.params as { code?: unknown } | undefined)?.code : undefined;
  return typeof code === 'string' ? { code } : {};
};

const isPlainObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Fields of the input that the parsed value does not carry: zod objects drop unknown keys silently,
 * so they are found by walking the input beside what the schema made of it.
 */
function unknownFields(input: unknown, parsed: unknown, path = ''): string[] {
  if (Array.isArray(input) && Array.isArray(parsed))
    return input.flatMap((item, i) => unknownFields(item, parsed[i], path ? `${path}.${i}` : String(i)));
  if (!isPlainObject(input) || !isPlainObject(parsed)) return [];
  return Object.keys(input).flatMap((key) => {
    const at = path ? `${path}.${key}` : key;
    return key in parsed ? unknownFields(input[key], parsed[key], at) : [at];
  });
}

/** JSON Schema for OpenAPI, from the same zod schema that validates. */
export const jsonSchema = (schema: z.ZodType) =>
  z.toJSONSchema(schema, { io: 'input', target: 'openapi-3.0', unrepresentable: 'any' }) as Record<string, unknown>;
