import type { EventStore } from '@platform/event-store';
import { validationDecider } from './validation.decider';
import { VALIDATION_STREAM_PREFIX, type ValidationEvent } from './validation.events';
import type { ValidationState } from './validation.state';

/**
 * Every organisation's validation record, folded from the log (organisation id → state). Fine for the
 * few hundred customer organisations; a read model replaces it when the numbers grow.
 */
export async function allValidations(store: EventStore): Promise<Map<string, ValidationState>> {
  const states = new Map<string, ValidationState>();
  for (let after: bigint | undefined; ; ) {
    const page = await store.readAll({ after, maxCount: 1000 });
    for (const e of page)
      if (e.streamId.startsWith(VALIDATION_STREAM_PREFIX)) {
        const organisationId = e.streamId.slice(VALIDATION_STREAM_PREFIX.length);
        states.set(organisationId, validationDecider.evolve(states.get(organisationId) ?? validationDecider.initialState(), e as unknown as ValidationEvent));
      }
    if (page.length < 1000) break;
    after = page[page.length - 1].position;
  }
  return states;
}
