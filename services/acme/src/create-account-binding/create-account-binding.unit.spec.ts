import { Identity, Validation } from '@platform/contracts';
import { SqliteEventStore } from '@platform/event-store';
import { type Actor, DomainError, ManualClock } from '@platform/kernel';
import { InProcessBus } from '@platform/messaging';
import { bindingHmacKey } from '../binding/binding-key';
import { CreateAccountBindingCommand, CreateAccountBindingHandler } from './create-account-binding.handler';

const secret = Buffer.alloc(32, 3);
const rao: Actor = { adminId: 'rao', email: 'rao@x', grants: [{ role: 'RAO', organisationId: 'org-1' }] };
const drao = (privileges: Actor['grants'][number]['privileges']): Actor => ({
  adminId: 'drao',
  email: 'drao@x',
  grants: [{ role: 'DRAO', organisationId: 'org-1', departmentId: 'dep-1', privileges }],
});

const mrao: Actor = { adminId: 'op', email: 'op@x', grants: [{ role: 'MRAO' }] };

describe('creating an ACME account binding', () => {
  const store = SqliteEventStore.open(':memory:');
  // Identity as it answers: org-1 with departments dep-1 and dep-2, nothing else.
  const bus = new InProcessBus();
  const handler = new CreateAccountBindingHandler(store, secret, new ManualClock(new Date('2026-11-26T00:00:00Z')), bus);
  const create = (actor: Actor, organisationId: string, departmentId?: string, family?: 'ov' | 'ev') =>
    handler.execute(new CreateAccountBindingCommand({ actor, organisationId, departmentId, family }));
  // Validation as it answers: org-1 has vetted EV details, org-3 none.
  let evStatus: 'validated' | 'expired' | undefined = 'validated';
  beforeAll(async () => {
    await bus.serve(Identity.ListDepartments.subject, async (payload) => {
      const { organisationId } = payload as { organisationId: string };
      if (organisationId !== 'org-1') throw new DomainError('ORGANISATION_NOT_FOUND', 'not_found', 'No such organisation.');
      return ['dep-1', 'dep-2'].map((id) => ({ id, organisationId, name: id, createdAt: '2026-11-01T00:00:00.000Z' }));
    });
    await bus.serve(Validation.GetValidation.subject, async (): Promise<Validation.GetValidationResponse> => ({
      organisationId: 'org-1',
      status: 'validated',
      domains: [],
      ...(evStatus
        ? { ev: { jurisdictionCountry: 'GB', businessCategory: 'Government Entity', registrationNumber: 'RC1', vettedAt: '2026-01-01T00:00:00.000Z', validUntil: '2027-01-01T00:00:00.000Z', status: evStatus } }
        : {}),
    }));
  });
  afterAll(async () => {
    await bus.close();
    store.close();
  });

  it('gives an RAO a key id and the HMAC key derived from the secret, stored nowhere', async () => {
    const binding = await create(rao, 'org-1');
    expect(binding).toMatchObject({ organisationId: 'org-1', createdAt: '2026-11-26T00:00:00.000Z' });
    expect(binding.hmacKey).toBe(bindingHmacKey(secret, binding.keyId).toString('base64url'));
    const [stored] = await store.readStream(`acme-binding-${binding.keyId}`);
    expect(JSON.stringify(stored.data)).not.toContain(binding.hmacKey);
  });

  it('lets a DRAO with manage-acme bind its own department only', async () => {
    await expect(create(drao(['manage-acme']), 'org-1', 'dep-1')).resolves.toMatchObject({ departmentId: 'dep-1' });
    await expect(create(drao(['manage-acme']), 'org-1', 'dep-2')).rejects.toMatchObject({ code: 'ORGANISATION_NOT_FOUND', kind: 'not_found' });
    await expect(create(drao(['manage-acme']), 'org-1')).rejects.toMatchObject({ kind: 'not_found' });
    await expect(create(drao(['request-ssl']), 'org-1', 'dep-1')).rejects.toMatchObject({ code: 'PRIVILEGE_MISSING', kind: 'forbidden' });
  });

  it('answers 404 outside the admin\'s organisation', async () => {
    await expect(create(rao, 'org-2')).rejects.toMatchObject({ code: 'ORGANISATION_NOT_FOUND', kind: 'not_found' });
  });

  // Issue 18 (8): references are checked where they are made; an operator's binding named any id.
  it('refuses a binding for an organisation or department that does not exist, storing nothing', async () => {
    const before = (await store.readAll({ maxCount: 1000 })).length;
    await expect(create(mrao, 'ghost-org')).rejects.toMatchObject({ code: 'ORGANISATION_NOT_FOUND', kind: 'not_found' });
    await expect(create(mrao, 'org-1', 'ghost-dep')).rejects.toMatchObject({ code: 'DEPARTMENT_NOT_FOUND', kind: 'not_found' });
    expect((await store.readAll({ maxCount: 1000 })).length).toBe(before);
    await expect(create(mrao, 'org-1', 'dep-2')).resolves.toMatchObject({ organisationId: 'org-1', departmentId: 'dep-2' });
  });

  it('makes OV bindings unless told; EV only while the organisation\'s EV details are vetted', async () => {
    await expect(create(rao, 'org-1')).resolves.toMatchObject({ family: 'ov' });
    await expect(create(rao, 'org-1', undefined, 'ev')).resolves.toMatchObject({ family: 'ev' });
    evStatus = 'expired';
    await expect(create(rao, 'org-1', undefined, 'ev')).rejects.toMatchObject({ code: 'EV_ANCHOR_MISSING', kind: 'unprocessable', message: expect.stringContaining('expired') });
    evStatus = undefined;
    const before = (await store.readAll({ maxCount: 1000 })).length;
    await expect(create(rao, 'org-1', undefined, 'ev')).rejects.toMatchObject({ code: 'EV_ANCHOR_MISSING', message: expect.stringContaining('OV binding') });
    expect((await store.readAll({ maxCount: 1000 })).length).toBe(before);
    evStatus = 'validated';
  });
});
