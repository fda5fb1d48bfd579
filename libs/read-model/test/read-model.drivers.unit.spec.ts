import { awkward, readModelDriverSuite } from './read-model.drivers.suite';

describe('read model values on SQLite', () => {
  readModelDriverSuite({
    newDatabase: async () => ({ kind: 'sqlite', filename: ':memory:' }),
    // Byte for byte; a lone surrogate has no UTF-8 form, so the encoder writes U+FFFD.
    stored: { ...awkward, loneSurrogate: 'x\uFFFDy' },
  });
});
