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
    const first = spec.given([]).when({ type: 'CreateBinding', keyId: 'kid-1', organisationId: 'org-1', family: 'ev', by: 'rao-1', at: '2026-11-26T00:00:00.000Z' });
    expect(first.events).toEqual([{ ...created, data: { ...created.data, family: 'ev' } }]);
    const again = spec.given([created]).when({ type: 'CreateBinding', keyId: 'kid-1', organisationId: 'org-1', family: 'ov', by: 'rao-1', at: 'x' });
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

  it('a binding created before families existed makes OV certificates', () => {
    expect(spec.given([created]).state).toMatchObject({ status: 'unused', family: 'ov' });
  });

  it('is disabled once (again changes nothing), then registers no account and says since when', () => {
    const disabled: BindingEvent = { type: 'AcmeBindingDisabled', data: { keyId: 'kid-1', by: 'rao-2', at: '2026-11-27T00:00:00.000Z' } };
    expect(spec.given([created, used]).when({ type: 'DisableBinding', by: 'rao-2', at: '2026-11-27T00:00:00.000Z' }).events).toEqual([disabled]);
    expect(spec.given([created, used, disabled]).when({ type: 'DisableBinding', by: 'rao-3', at: 'later' }).events).toEqual([]);
    expect(spec.given([created, used, disabled]).state).toMatchObject({ status: 'disabled', accountId: 'acc-1', disabled: { by: 'rao-2' } });
    const use = spec.given([created, disabled]).when({ type: 'UseBinding', accountId: 'acc-1', at: 'now' });
    expect(use.error).toMatchObject({ code: 'ACME_BINDING_DISABLED', message: expect.stringContaining('2026-11-27T00:00:00.000Z') });
  });
});
