import { InProcessBus } from './in-process.bus';
import { relayScenarios } from './integration-event.relay.scenarios';

relayScenarios('InProcessBus', {
  open: async (logger) => ({ bus: new InProcessBus({ logger }), stream: 'THINGS' }),
});
