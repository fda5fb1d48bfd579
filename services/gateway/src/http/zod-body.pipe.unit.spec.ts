import { DomainError } from '@platform/kernel';
import { z } from 'zod';
import { ZodPipe } from './zod-body.pipe';

const Body = z.object({
  name: z.string(),
  page: z.coerce.number().default(1),
  grants: z.array(z.object({ role: z.string(), departmentId: z.string().optional() })).optional(),
});

const refusal = (value: unknown) => {
  try {
    new ZodPipe(Body).transform(value);
  } catch (error) {
    return error as DomainError;
  }
  throw new Error('accepted');
};

describe('ZodPipe', () => {
  it('passes a valid value through the schema (defaults and coercion applied)', () => {
    expect(new ZodPipe(Body).transform({ name: 'a', grants: [{ role: 'RAO' }] })).toEqual({ name: 'a', page: 1, grants: [{ role: 'RAO' }] });
    expect(new ZodPipe(Body, 'query').transform({ name: 'a', page: '2' })).toEqual({ name: 'a', page: 2 });
  });

  it('refuses unknown fields at any depth, naming each, instead of dropping them', () => {
    const error = refusal({ name: 'a', nmae: 'typo', grants: [{ role: 'RAO', departmentid: 'x' }] });
    expect(error.code).toBe('VALIDATION_FAILED');
    expect(error.details?.errors).toEqual([
      { path: 'nmae', message: expect.stringContaining('unknown field') },
      { path: 'grants.0.departmentid', message: expect.stringContaining('unknown field') },
    ]);
  });

  it('still lists schema errors with their paths', () => {
    expect(refusal({ name: 1 }).details?.errors).toEqual([{ path: 'name', message: expect.any(String) }]);
  });
});
