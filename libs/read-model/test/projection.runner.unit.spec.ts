import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openReadModelOrm, type Projection, ProjectionCheckpointSchema, ProjectionRunner, type ReadModelOrm } from '../src';
import { CertificateListProjection, OrganisationTallyProjection } from './certificate-list.fixture';
import { Harness } from './harness';
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

describe('ProjectionRunner configuration', () => {
  let h: Harness;
  beforeEach(() => {
    h = new Harness({ kind: 'sqlite', filename: ':memory:' });
  });
  afterEach(() => h.close());

  const runnerWith = (orm: ReadModelOrm, projections: Projection[]) =>
    new ProjectionRunner({ orm, store: h.store, projections });

  it('refuses tables with two owners, since a rebuild deletes all of its rows', async () => {
    const orm = await h.openOrm();
    const impostor = Object.assign(new OrganisationTallyProjection(), { name: 'impostor' });
    expect(() => runnerWith(orm, [new OrganisationTallyProjection(), impostor])).toThrow(
      'projection impostor claims OrganisationTally, which belongs to projection organisation-tally',
    );
    const greedy = Object.assign(new CertificateListProjection(), { entities: [ProjectionCheckpointSchema] });
    expect(() => runnerWith(orm, [greedy])).toThrow('belongs to the runner');
  });

  it('refuses entities the ORM was not opened with', async () => {
    const orm = await openReadModelOrm({ kind: 'sqlite', filename: ':memory:' }, []);
    try {
      expect(() => runnerWith(orm, [new CertificateListProjection()])).toThrow(
        'projection certificate-list: pass CertificateListItem to openReadModelOrm',
      );
    } finally {
      await orm.close(true);
    }
  });
});
