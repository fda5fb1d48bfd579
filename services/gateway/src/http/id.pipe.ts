import { type ArgumentMetadata, type PipeTransform } from '@nestjs/common';
import { IdSchema } from '@platform/contracts';
import { DomainError } from '@platform/kernel';

/**
 * A path parameter that names a resource, checked with the contracts' one id schema: any id the
 * platform made (UUID v4 or v8, lower case) passes; an id in upper case is refused, not lower-cased,
 * so that it never reaches a stream name; anything else is refused before a service is asked.
 */
export class IdPipe implements PipeTransform<unknown, string> {
  transform(value: unknown, { data }: ArgumentMetadata): string {
    const result = IdSchema.safeParse(value);
    if (result.success) return result.data;
    const { message } = result.error.issues[0];
    throw new DomainError('VALIDATION_FAILED', 'invalid', `The path parameter ${data} is not valid: ${message}.`, {
      errors: [{ path: data, message, code: 'ID_INVALID' }],
    });
  }
}
