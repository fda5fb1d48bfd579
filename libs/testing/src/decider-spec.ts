/** Structurally the event store's Decider; not imported, so that the event store's own tests can use this lib. */
interface Decider<S, C, E> {
  initialState(): S;
  evolve(state: S, event: E): S;
  decide(command: C, state: S): E[];
}

/**
 * Given/when/then over a decider: `given(events).when(command)` returns the new events,
 * or the thrown error as a value so tests can assert on its code.
 */
export function deciderSpec<S, C, E>(decider: Decider<S, C, E>) {
  return {
    given(events: E[]) {
      const state = events.reduce(decider.evolve, decider.initialState());
      return {
        state,
        when(command: C): { events: E[]; error?: undefined } | { events?: undefined; error: { code?: string } } {
          try {
            return { events: decider.decide(command, state) };
          } catch (error) {
            return { error: error as { code?: string } };
          }
        },
      };
    },
  };
}
