import { SqliteEventStore } from '@platform/event-store';
import { type Actor, ManualClock } from '@platform/kernel';
import { bindingHmacKey } from '../binding/binding-key';
import { CreateAccountBindingCommand, CreateAccountBindingHandler } from './create-account-binding.handler';

const secret = Buffer.alloc(32, 3);
const rao: Actor = { adminId: 'rao', email: 'rao@x', grants: [{ role: 'RAO', organisationId: 'org-1' }] };
const drao = (privileges: Actor['grants'][number]['privileges']): Actor => ({
  adminId: 'drao',
  email: 'drao@x',
  grants: [{ role: 'DRAO', organisationId: 'org-1', departmentId: 'dep-1', privileges }],
});

describe('creating an ACME account binding', () => {
  const store = SqliteEventStore.open(':memory:');
  const handler = new CreateAccountBindingHandler(store, secret, new ManualClock(new Date('2026-11-26T00:00:00Z')));
  const create = (actor: Actor, organisationId: string, departmentId?: string) =>
    handler.execute(new CreateAccountBindingCommand({ actor, organisationId, departmentId }));
  afterAll(() => store.close());

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
});
