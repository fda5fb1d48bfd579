import { TestSchemas } from './postgres';
import { awkward, readModelDriverSuite } from './read-model.drivers.suite';

describe('read model values on PostgreSQL', () => {
  const schemas = new TestSchemas();
  afterAll(() => schemas.dropAll());

  readModelDriverSuite({
    newDatabase: async () => schemas.next(),
    // text cannot hold U+0000 and UTF-8 has no lone surrogates: both are stored as U+FFFD.
    stored: { ...awkward, nul: 'PO\uFFFDX', loneSurrogate: 'x\uFFFDy' },
  });
});
