import { projectionRunnerSuite } from './projection-runner.suite';
import { TestSchemas } from './postgres';

describe('ProjectionRunner on PostgreSQL', () => {
  const schemas = new TestSchemas();
  afterAll(() => schemas.dropAll());

  projectionRunnerSuite({ newDatabase: async () => schemas.next(), concurrentOrms: true });
});
