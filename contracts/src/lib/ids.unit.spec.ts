import { z } from 'zod';
import { IdSchema, isCanonicalId } from './ids';

describe('ids', () => {
  it('accepts every id the platform makes: UUID v4 (newId) and v8 (issuance request ids), in lower case', () => {
    for (const id of ['6f1c2d3e-4a5b-4c6d-8e7f-8091a2b3c4d5', '0d6e8c59-5c1a-8f3b-9a2e-1b7c3d4e5f60']) {
      expect(IdSchema.parse(id)).toBe(id);
      expect(isCanonicalId(id)).toBe(true);
    }
  });

  it('refuses an id in upper case, saying which id to send', () => {
    const issue = IdSchema.safeParse('6F1C2D3E-4A5B-4C6D-8E7F-8091A2B3C4D5').error!.issues[0];
    expect(issue).toMatchObject({ message: 'ids are lower case: send "6f1c2d3e-4a5b-4c6d-8e7f-8091a2b3c4d5"', params: { code: 'ID_INVALID' } });
  });

  it.each(['', 'x', '6f1c2d3e4a5b4c6d8e7f8091a2b3c4d5', '00000000-0000-0000-0000-000000000000', '6f1c2d3e-4a5b-4c6d-8e7f-8091a2b3c4d5 ', 'organisation-6f1c2d3e-4a5b-4c6d-8e7f-8091a2b3c4d5'])(
    'refuses %j',
    (id) => {
      expect(IdSchema.safeParse(id).success).toBe(false);
      expect(isCanonicalId(id)).toBe(false);
    },
  );
  it('describes itself in OpenAPI as a lower-case UUID', () => {
    expect(z.toJSONSchema(IdSchema, { io: 'input' })).toMatchObject({ type: 'string', format: 'uuid', pattern: expect.stringContaining('[0-9a-f]{8}') });
  });
});
