import type { RecordedEvent } from '@platform/event-store';
import { translate } from './identity.relay';

const secret = Buffer.from('k'.repeat(32));
const recorded = (type: string, data: unknown): RecordedEvent =>
  ({ id: 'e1', streamId: 'organisation-o1', revision: 1, position: 2n, type, data, metadata: { occurredAt: '2026-11-26T10:00:00Z', correlationId: 'c' } }) as RecordedEvent;

describe('identity relay: organisation changes', () => {
  it('publishes a rename and a member flag change for issuance and billing; departments stay private', () => {
    const renamed = { organisationId: 'o1', name: 'New', previousName: 'Old', renamedBy: 'm1', renamedAt: '2026-11-26T10:00:00.000Z' };
    expect(translate(secret, recorded('OrganisationRenamed', renamed))).toEqual([
      { contract: expect.objectContaining({ subject: 'identity.evt.organisation.renamed.v1' }), data: renamed },
    ]);
    const changed = { organisationId: 'o1', member: false, changedBy: 'm1', changedAt: '2026-11-26T10:00:00.000Z' };
    expect(translate(secret, recorded('OrganisationMembershipChanged', changed))).toEqual([
      { contract: expect.objectContaining({ subject: 'identity.evt.organisation.membership-changed.v1' }), data: changed },
    ]);
    expect(translate(secret, recorded('DepartmentCreated', { organisationId: 'o1', departmentId: 'd1', name: 'P', createdBy: 'm1', createdAt: 'x' }))).toEqual([]);
  });
});
