/**
 * Waits for a state that another process or subscription reaches on its own (a checkpoint saved,
 * a read model caught up), polling it: resolves with the first defined value, fails after `ms`.
 * For anything that can be awaited directly (an event, a promise), await that instead.
 */
export async function eventually<T>(check: () => Promise<T | undefined>, ms = 10_000, what = 'condition'): Promise<T> {
  const until = Date.now() + ms;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > until) throw new Error(`${what} not met in time`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
