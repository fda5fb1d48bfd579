/**
 * Periodic work that must never overlap itself: the scheduler's due dates, the request resumer, the
 * expiry sweep. The timer only says "look now": what is due comes from stored state, so a process
 * that dies loses nothing and the next one (or another instance) does the same work.
 */
export class Ticker<T> {
  private timer?: NodeJS.Timeout;
  private running?: Promise<T>;

  constructor(
    private readonly work: () => Promise<T>,
    /** what a timer-driven run that failed reports (the next tick retries) */
    private readonly onError: (error: unknown) => void,
  ) {}

  /** Ticks every `intervalMs` (and at once, with `immediately`); the timer never keeps the process alive. */
  start(intervalMs: number, { immediately = false } = {}): void {
    const tick = () => void this.tick().catch(this.onError);
    if (immediately) tick();
    this.timer = setInterval(tick, intervalMs);
    this.timer.unref();
  }

  /** Runs the work now, or joins the run in progress. */
  tick(): Promise<T> {
    this.running ??= this.work().finally(() => (this.running = undefined));
    return this.running;
  }

  /** No more ticks; resolves once a run in progress has ended. */
  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.running?.catch(() => undefined);
  }
}
