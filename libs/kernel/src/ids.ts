import { createHash, randomUUID } from 'node:crypto';

export const newId = (): string => randomUUID();

// Lower case only, as every id is made (contracts' IdSchema): an id in another case would name another stream.
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[1-8][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
export const isUuid = (s: string): boolean => UUID.test(s);

/**
 * An id derived from what it names (UUID version 8 over SHA-256 of the parts, RFC 9562), so that doing
 * the same thing again (a redelivered event) makes the same id and the store refuses the copy.
 */
export const derivedId = (...parts: string[]): string => {
  const bytes = createHash('sha256').update(parts.join('\n')).digest().subarray(0, 16);
  bytes[6] = (bytes[6] & 0x0f) | 0x80;
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
};
