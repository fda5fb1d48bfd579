import { assertConsumeOptions, assertStreamSubject, subjectMatches } from './subjects';

describe('subjectMatches (NATS wildcard semantics)', () => {
  it.each([
    ['billing.evt.subscription.tallied.v1', 'billing.evt.subscription.tallied.v1', true],
    ['billing.evt.subscription.tallied.v1', 'billing.evt.subscription.tallied.v2', false],
    ['billing.evt.*.tallied.v1', 'billing.evt.subscription.tallied.v1', true],
    ['billing.evt.*', 'billing.evt.subscription.tallied.v1', false], // `*` is exactly one token
    ['billing.evt.*', 'billing.evt', false],
    ['billing.evt.>', 'billing.evt.subscription.tallied.v1', true],
    ['billing.evt.>', 'billing.evt.x', true],
    ['billing.evt.>', 'billing.evt', false], // `>` needs at least one token
    ['>', 'anything.at.all', true],
    ['billing.>.v1', 'billing.evt.v1', false], // `>` only counts as the last token
    ['billing.evt', 'billing.evt.more', false],
  ])('%s matches %s: %s', (pattern, subject, expected) => {
    expect(subjectMatches(pattern, subject)).toBe(expected);
  });
});

describe('naming rules', () => {
  it('keeps subjects inside their stream', () => {
    expect(() => assertStreamSubject('BILLING', 'billing.evt.subscription.tallied.v1')).not.toThrow();
    expect(() => assertStreamSubject('BILLING', 'issuance.evt.certificate.issued.v1')).toThrow(/not in stream BILLING/);
    expect(() => assertStreamSubject('billing', 'billing.evt.x.v1')).toThrow(/bad stream name/);
  });

  it('checks durable names and filters', () => {
    const ok = { stream: 'BILLING', durable: 'notifications', subjects: ['billing.evt.>'] };
    expect(() => assertConsumeOptions(ok)).not.toThrow();
    expect(() => assertConsumeOptions({ ...ok, durable: 'a.b' })).toThrow(/bad durable name/);
    expect(() => assertConsumeOptions({ ...ok, subjects: [] })).toThrow(/no subjects/);
    expect(() => assertConsumeOptions({ ...ok, subjects: ['issuance.evt.>'] })).toThrow(/not in stream BILLING/);
  });
});
