import { ManualClock } from '@platform/kernel';
import { InProcessBus, type MessageBus } from '@platform/messaging';
import { AcmeProblem } from './acme-problem';
import { Nonces } from './nonces';

const secret = Buffer.alloc(32, 7);
const problemOf = (p: Promise<unknown>) =>
  p.then(
    () => undefined,
    (e: unknown) => (e instanceof AcmeProblem ? { type: e.type, detail: e.detail } : e),
  );

describe('ACME nonces', () => {
  let bus: InProcessBus;
  let clock: ManualClock;
  beforeEach(() => {
    bus = new InProcessBus();
    clock = new ManualClock(new Date('2026-11-26T00:00:00Z'));
  });
  afterEach(() => bus.close());

  it('accepts a nonce once; a second use is badNonce', async () => {
    const nonces = new Nonces(secret, bus, clock);
    const nonce = nonces.issue();
    await expect(nonces.consume(nonce)).resolves.toBeUndefined();
    expect(await problemOf(nonces.consume(nonce))).toEqual({ type: 'badNonce', detail: expect.stringMatching(/used already/) });
  });

  it('refuses a nonce it did not issue, an altered one, and one past its hour', async () => {
    const nonces = new Nonces(secret, bus, clock);
    const altered = nonces.issue().replace(/^./, (c) => (c === 'A' ? 'B' : 'A'));
    expect(await problemOf(nonces.consume(altered))).toMatchObject({ type: 'badNonce', detail: expect.stringMatching(/not issued by this server/) });
    expect(await problemOf(nonces.consume('short'))).toMatchObject({ type: 'badNonce', detail: expect.stringMatching(/no valid "nonce"/) });
    const old = nonces.issue();
    clock.advance(61 * 60_000);
    expect(await problemOf(nonces.consume(old))).toMatchObject({ type: 'badNonce', detail: expect.stringMatching(/expired/) });
  });

  it('where claims are forgotten on restart (in-process bus), a nonce from before a restart is refused', async () => {
    const before = new Nonces(secret, bus, clock).issue();
    const restarted = new Nonces(secret, new InProcessBus(), clock);
    expect(await problemOf(restarted.consume(before))).toMatchObject({ type: 'badNonce', detail: expect.stringMatching(/not issued by this server/) });
  });

  it('where claims are shared and durable (NATS), any instance accepts a nonce once, whoever issued it', async () => {
    const shared: MessageBus = Object.assign(Object.create(bus) as MessageBus, { claimsSurviveRestart: true });
    const a = new Nonces(secret, shared, clock);
    const b = new Nonces(secret, shared, clock);
    const nonce = a.issue();
    await expect(b.consume(nonce)).resolves.toBeUndefined();
    expect(await problemOf(a.consume(nonce))).toMatchObject({ type: 'badNonce', detail: expect.stringMatching(/used already/) });
  });
});
