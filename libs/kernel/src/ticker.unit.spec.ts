import { Ticker } from './ticker';

/** A run that ends when the test says so. */
function gate() {
  let open!: () => void;
  const opened = new Promise<void>((r) => (open = r));
  return { open, opened };
}

const unexpected = (error: unknown) => {
  throw error;
};

describe('Ticker', () => {
  it('joins a run in progress instead of starting a second one', async () => {
    const g = gate();
    let runs = 0;
    const ticker = new Ticker(async () => {
      runs += 1;
      await g.opened;
      return runs;
    }, unexpected);
    const first = ticker.tick();
    const second = ticker.tick();
    g.open();
    expect(await Promise.all([first, second])).toEqual([1, 1]);
    expect(await ticker.tick()).toBe(2); // the next call after the run ended starts a new one
  });

  it('reports a failed timer-driven run and runs again on the next tick', async () => {
    const errors: unknown[] = [];
    let runs = 0;
    const twice = gate();
    const ticker = new Ticker(async () => {
      runs += 1;
      if (runs === 1) throw new Error('store down');
      twice.open();
    }, (e) => errors.push(e));
    ticker.start(1, { immediately: true });
    await twice.opened;
    await ticker.stop();
    expect(errors).toEqual([new Error('store down')]);
  });

  it('stop waits for the run in progress and no tick follows', async () => {
    const g = gate();
    let ended = false;
    let runs = 0;
    const ticker = new Ticker(async () => {
      runs += 1;
      await g.opened;
      ended = true;
    }, unexpected);
    ticker.start(60_000, { immediately: true });
    const stopped = ticker.stop();
    g.open();
    await stopped;
    expect({ ended, runs }).toEqual({ ended: true, runs: 1 });
  });
});
