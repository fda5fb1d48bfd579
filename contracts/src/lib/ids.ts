import { z } from 'zod';

/**
 * Every id the platform makes is a UUID in lower case: v4 from newId(), v8 from issuance's request
 * ids (certificateIdFor). Ids are part of stream names (`organisation-<id>`), so an id that differs
 * only in case would name another stream: it is refused, never lower-cased quietly.
 */
const CANONICAL = /^[0-9a-f]{8}-[0-9a-f]{4}-[1-8][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

export const IdSchema = z.string().superRefine((id, ctx) => {
  if (CANONICAL.test(id)) return;
  ctx.addIssue({
    code: 'custom',
    message: CANONICAL.test(id.toLowerCase())
      ? `ids are lower case: send ${JSON.stringify(id.toLowerCase())}`
      : 'must be an id as the platform gives it: a lower-case UUID such as 6f1c2d3e-4a5b-4c6d-8e7f-8091a2b3c4d5',
    params: { code: 'ID_INVALID' },
  });
}).meta({ format: 'uuid', pattern: CANONICAL.source, description: 'an id as the platform gives it: a lower-case UUID' });

export const isCanonicalId = (id: string): boolean => CANONICAL.test(id);
