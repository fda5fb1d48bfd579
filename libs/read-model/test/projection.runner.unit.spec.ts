import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { projectionRunnerSuite } from './projection-runner.suite';

describe('ProjectionRunner on SQLite', () => {
  const dir = mkdtempSync(join(tmpdir(), 'read-model-'));
  let n = 0;
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  projectionRunnerSuite({
    newDatabase: async () => ({ kind: 'sqlite', filename: join(dir, `read-model-${++n}.sqlite`) }),
    concurrentOrms: false,
  });
});
