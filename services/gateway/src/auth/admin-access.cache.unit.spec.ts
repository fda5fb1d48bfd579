import { Identity } from '@platform/contracts';
import { ManualClock } from '@platform/kernel';
import { type Closeable, InProcessBus, serveRequest } from '@platform/messaging';
import { ADMIN_ACCESS_CACHE_MS, AdminAccessCache, IDENTITY_UNREACHABLE_GRACE_MS } from './admin-access.cache';

const adminId = '6f1c2d3e-4a5b-4c6d-8e7f-8091a2b3c4d5';

/** A gateway's cache over an in-process identity that answers "active" until it is stopped. */
async function setUp(config: { identityUnreachableGraceMs?: number } = {}) {
  const bus = new InProcessBus();
  const clock = new ManualClock(new Date('2026-12-07T09:00:00Z'));
  let asked = 0;
  let identity: Closeable | undefined = await serveRequest(bus, Identity.AdminAccess, async () => {
    asked++;
    return { status: 'active' as const };
  });
  const cache = new AdminAccessCache(bus, clock, config);
  const stopIdentity = async () => {
    await identity?.close();
    identity = undefined;
  };
  return { bus, clock, cache, stopIdentity, asked: () => asked };
}

describe('AdminAccessCache', () => {
  it('asks identity at most once per cache period while it answers', async () => {
    const { bus, clock, cache, asked } = await setUp();
    await cache.assertTokenCounts(adminId, 0);
    await cache.assertTokenCounts(adminId, 0);
    expect(asked()).toBe(1);
    clock.advance(ADMIN_ACCESS_CACHE_MS);
    await cache.assertTokenCounts(adminId, 0);
    expect(asked()).toBe(2);
    await bus.close();
  });

  // Issue 18 (9): with identity unreachable the last "active" answer counted forever (fails open).
  it('keeps the last answer for the grace period while identity does not answer, then refuses with 503 IDENTITY_UNAVAILABLE', async () => {
    const { bus, clock, cache, stopIdentity } = await setUp();
    await cache.assertTokenCounts(adminId, 0);
    await stopIdentity();

    clock.advance(IDENTITY_UNREACHABLE_GRACE_MS - 1);
    await expect(cache.assertTokenCounts(adminId, 0)).resolves.toBeUndefined();
    clock.advance(1);
    await expect(cache.assertTokenCounts(adminId, 0)).rejects.toMatchObject({ code: 'IDENTITY_UNAVAILABLE', kind: 'unavailable' });
    clock.advance(24 * 3600_000);
    await expect(cache.assertTokenCounts(adminId, 0)).rejects.toMatchObject({ code: 'IDENTITY_UNAVAILABLE' });
    await bus.close();
  });

  it('takes the grace period from the configuration; 0 refuses as soon as identity does not answer', async () => {
    const configured = await setUp({ identityUnreachableGraceMs: 10_000 });
    await configured.cache.assertTokenCounts(adminId, 0);
    await configured.stopIdentity();
    configured.clock.advance(9_999);
    await expect(configured.cache.assertTokenCounts(adminId, 0)).resolves.toBeUndefined();
    configured.clock.advance(1);
    await expect(configured.cache.assertTokenCounts(adminId, 0)).rejects.toMatchObject({ code: 'IDENTITY_UNAVAILABLE' });
    await configured.bus.close();

    const strict = await setUp({ identityUnreachableGraceMs: 0 });
    await strict.cache.assertTokenCounts(adminId, 0);
    await strict.stopIdentity();
    strict.clock.advance(ADMIN_ACCESS_CACHE_MS);
    await expect(strict.cache.assertTokenCounts(adminId, 0)).rejects.toMatchObject({ code: 'IDENTITY_UNAVAILABLE' });
    await strict.bus.close();
  });

  it('refuses an admin it never heard about while identity does not answer', async () => {
    const { bus, cache, stopIdentity } = await setUp();
    await stopIdentity();
    await expect(cache.assertTokenCounts(adminId, 0)).rejects.toMatchObject({ code: 'IDENTITY_UNAVAILABLE' });
    await bus.close();
  });
});
