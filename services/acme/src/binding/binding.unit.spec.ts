import { deciderSpec } from '@platform/testing';
import { type BindingEvent, bindingDecider } from './binding.decider';

const created: BindingEvent = {
  type: 'AcmeBindingCreated',
  data: { keyId: 'kid-1', organisationId: 'org-1', createdBy: 'rao-1', createdAt: '2026-11-26T00:00:00.000Z' },
};
const used: BindingEvent = { type: 'AcmeBindingUsed', data: { keyId: 'kid-1', accountId: 'acc-1', usedAt: '2026-11-26T01:00:00.000Z' } };

describe('ACME External Account Binding', () => {
  const spec = deciderSpec(bindingDecider);

  it('is created once for an organisation', () => {
    const first = spec.given([]).when({ type: 'CreateBinding', keyId: 'kid-1', organisationId: 'org-1', by: 'rao-1', at: '2026-11-26T00:00:00.000Z' });
    expect(first.events).toEqual([created]);
    const again = spec.given([created]).when({ type: 'CreateBinding', keyId: 'kid-1', organisationId: 'org-1', by: 'rao-1', at: 'x' });
    expect(again.error?.code).toBe('ACME_BINDING_EXISTS');
  });

  it('registers one account, then says it was used, when, and what to do', () => {
    expect(spec.given([created]).when({ type: 'UseBinding', accountId: 'acc-1', at: '2026-11-26T01:00:00.000Z' }).events).toEqual([used]);
    const second = spec.given([created, used]).when({ type: 'UseBinding', accountId: 'acc-2', at: 'later' });
    expect(second.error).toMatchObject({ code: 'ACME_BINDING_ALREADY_USED', message: expect.stringContaining('2026-11-26T01:00:00.000Z') });
    expect((second.error as Error).message).toContain('create a new binding');
  });

  it('refuses a key id nobody created', () => {
    expect(spec.given([]).when({ type: 'UseBinding', accountId: 'acc-1', at: 'now' }).error?.code).toBe('ACME_BINDING_UNKNOWN');
  });
});
