import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { OrganisationNames } from '@platform/issuance';
import { ManualClock } from '@platform/kernel';
import { type PlatformHandle, startPlatform } from '../src/platform';
import { operatorDeskScenario } from './operator-desk.scenario';

/**
 * The operator's desk with every service in this process. Here the scenario sees more than from
 * outside: the clock is the test's (exact submission times in the vetting queue), and issuance's kept
 * names tell exactly when a rename has reached it.
 */
describe('operator desk (single process)', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'operator-desk-'));
  const operator = { email: 'operator@example.ac.uk', password: 'operator password for tests' };
  const clock = new ManualClock(new Date('2026-11-01T09:00:00Z'));
  let platform: PlatformHandle;

  beforeAll(async () => {
    platform = await startPlatform(
      { DATA_DIR: dataDir, PORT: '0', LOG_LEVEL: 'warn', PORTAL_ADMIN_EMAIL: operator.email, PORTAL_ADMIN_PASSWORD: operator.password },
      { clock },
    );
  }, 60_000);

  afterAll(async () => {
    await platform?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  operatorDeskScenario(() => ({
    url: platform.url!,
    operator,
    today: () => '2026-11-01',
    clock,
    issuanceNames: platform.app.get(OrganisationNames),
  }));
});
