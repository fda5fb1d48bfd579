/** The decider pattern: pure functions, no I/O, time comes in with the command. */
export interface DomainEvent<Type extends string = string, Data = unknown> {
  type: Type;
  data: Data;
}

export interface Decider<State, Command, Event extends DomainEvent> {
  initialState(): State;
  evolve(state: State, event: Event): State;
  /** returns the new events (possibly none), or throws a DomainError */
  decide(command: Command, state: State): Event[];
}
