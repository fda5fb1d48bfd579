import { join } from 'node:path';
import { rebuildSuite } from './projections-rebuild.suite';

rebuildSuite('SQLite', (dir) => ({ kind: 'sqlite', filename: join(dir, 'read.db') }));
