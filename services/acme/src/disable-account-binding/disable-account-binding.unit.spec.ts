import { SqliteEventStore, aggregateStream, eventMetadata, handleCommand } from '@platform/event-store';
import { Identity } from '@platform/contracts';
import { type Actor, DomainError, ManualClock } from '@platform/kernel';
import { InProcessBus } from '@platform/messaging';
import { AcmeCaches } from '../acme.caches';
import { accountDecider, accountStream, deactivated } from '../account/account.decider';
import { bindingDecider, bindingStream, organisationBindingsStream } from '../binding/binding.decider';
import { ListAccountBindingsHandler, ListAccountBindingsQuery } from '../list-account-bindings/list-account-bindings.handler';
import { accountOrdersStream } from '../new-order/new-order';
import { DisableAccountBindingCommand, DisableAccountBindingHandler } from './disable-account-binding.handler';

const rao: Actor = { adminId: 'rao', email: 'rao@x', grants: [{ role: 'RAO', organisationId: 'org-1' }] };
const mrao: Actor = { adminId: 'op', email: 'op@x', grants: [{ role: 'MRAO' }] };
const otherRao: Actor = { adminId: 'rao-2', email: 'rao2@x', grants: [{ role: 'RAO', organisationId: 'org-2' }] };
const drao = (privileges: Actor['grants'][number]['privileges']): Actor => ({
  adminId: 'drao',
  email: 'drao@x',
  grants: [{ role: 'DRAO', organisationId: 'org-1', departmentId: 'dep-1', privileges }],
});

describe('listing and disabling ACME account bindings', () => {
  const store = SqliteEventStore.open(':memory:');
  const clock = new ManualClock(new Date('2026-11-26T00:00:00Z'));
  const caches = new AcmeCaches();
  const disable = (actor: Actor, keyId: string) => new DisableAccountBindingHandler(store, clock, caches).execute(new DisableAccountBindingCommand({ actor, keyId }));
  // Identity as it answers: org-1 and org-2 exist.
  const bus = new InProcessBus();
  const list = (actor: Actor, organisationId = 'org-1') => new ListAccountBindingsHandler(store, bus).execute(new ListAccountBindingsQuery({ actor, organisationId }));
  const at = (iso: string) => eventMetadata({ at: new Date(iso), actor: 'test' });

  beforeAll(async () => {
    await bus.serve(Identity.GetOrganisation.subject, async (payload) => {
      const { organisationId } = payload as { organisationId: string };
      if (!['org-1', 'org-2'].includes(organisationId)) throw new DomainError('ORGANISATION_NOT_FOUND', 'not_found', 'No such organisation.');
      return { id: organisationId, name: organisationId, member: true, createdAt: '2026-01-01T00:00:00.000Z' };
    });
    // kid-org: the organisation's, used by account acc-1 (which ordered since); kid-dep: dep-1's, unused.
    for (const [keyId, departmentId] of [['kid-org', undefined], ['kid-dep', 'dep-1']] as const) {
      await store.appendToStream(organisationBindingsStream('org-1'), [{ type: 'AcmeBindingListed', data: { keyId }, metadata: at('2026-11-01T00:00:00Z') }], 'any');
      await handleCommand(store, bindingStream(keyId), bindingDecider, { type: 'CreateBinding', keyId, organisationId: 'org-1', departmentId, label: keyId, family: 'ov', by: 'rao', at: '2026-11-01T00:00:00.000Z' }, at('2026-11-01T00:00:00Z'));
    }
    await handleCommand(store, bindingStream('kid-org'), bindingDecider, { type: 'UseBinding', accountId: 'acc-1', at: '2026-11-02T00:00:00.000Z' }, at('2026-11-02T00:00:00Z'));
    await handleCommand(
      store,
      accountStream('acc-1'),
      accountDecider,
      { type: 'RegisterAccount', account: { accountId: 'acc-1', jwk: { kty: 'EC' }, thumbprint: 't', organisationId: 'org-1', keyId: 'kid-org', contact: [], createdAt: '2026-11-02T00:00:00.000Z' } },
      at('2026-11-02T00:00:00Z'),
    );
    await store.appendToStream(accountOrdersStream('acc-1'), [{ type: 'AcmeOrderPlaced', data: { orderId: 'o-1' }, metadata: at('2026-11-20T00:00:00Z') }], 'any');
  });
  afterAll(async () => {
    await bus.close();
    store.close();
  });

  it('lists newest first, with who created each, its account and its last use; never another organisation\'s', async () => {
    expect(await list(rao)).toEqual([
      { keyId: 'kid-dep', organisationId: 'org-1', departmentId: 'dep-1', label: 'kid-dep', family: 'ov', status: 'unused', createdBy: 'rao', createdAt: '2026-11-01T00:00:00.000Z' },
      {
        keyId: 'kid-org',
        organisationId: 'org-1',
        label: 'kid-org',
        family: 'ov',
        status: 'used',
        createdBy: 'rao',
        createdAt: '2026-11-01T00:00:00.000Z',
        accountId: 'acc-1',
        registeredAt: '2026-11-02T00:00:00.000Z',
        lastUsedAt: '2026-11-20T00:00:00.000Z',
      },
    ]);
    await expect(list(otherRao)).rejects.toMatchObject({ code: 'ORGANISATION_NOT_FOUND' });
  });

  it('shows the operator any organisation\'s, and says 404 for one that does not exist rather than an empty list', async () => {
    expect(await list(mrao)).toHaveLength(2);
    expect(await list(mrao, 'org-2')).toEqual([]);
    await expect(list(mrao, 'ghost-org')).rejects.toMatchObject({ code: 'ORGANISATION_NOT_FOUND', kind: 'not_found' });
  });

  it('shows a DRAO only its department\'s bindings, and only with manage-acme', async () => {
    expect((await list(drao(['manage-acme']))).map((b) => b.keyId)).toEqual(['kid-dep']);
    expect(await list(drao(['request-ssl']))).toEqual([]);
  });

  it('answers 404 outside the caller\'s scope and 403 without manage-acme, changing nothing', async () => {
    await expect(disable(otherRao, 'kid-org')).rejects.toMatchObject({ code: 'ACME_BINDING_NOT_FOUND', kind: 'not_found' });
    await expect(disable(drao(['manage-acme']), 'kid-org')).rejects.toMatchObject({ kind: 'not_found' });
    await expect(disable(drao(['request-ssl']), 'kid-dep')).rejects.toMatchObject({ code: 'PRIVILEGE_MISSING', kind: 'forbidden' });
    await expect(disable(rao, 'no-such-kid')).rejects.toMatchObject({ kind: 'not_found' });
    expect((await list(rao)).map((b) => b.status)).toEqual(['unused', 'used']);
  });

  it('disables the binding and deactivates its account, which is then told why; again answers the same', async () => {
    clock.set(new Date('2026-11-26T10:00:00Z'));
    const disabled = await disable(rao, 'kid-org');
    expect(disabled).toMatchObject({ status: 'disabled', disabledBy: 'rao', disabledAt: '2026-11-26T10:00:00.000Z', accountId: 'acc-1' });
    const { state: account } = await aggregateStream(store, accountStream('acc-1'), accountDecider);
    expect(account).toMatchObject({ status: 'deactivated', deactivation: { reason: 'binding-disabled', at: '2026-11-26T10:00:00.000Z' } });
    expect(deactivated((account as { deactivation: { at: string; reason?: 'binding-disabled' } }).deactivation).message).toContain('disabled its External Account Binding');
    clock.set(new Date('2026-11-27T10:00:00Z'));
    expect(await disable(rao, 'kid-org')).toEqual(disabled);
  });
});
