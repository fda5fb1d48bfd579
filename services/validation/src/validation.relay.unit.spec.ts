import type { RecordedEvent } from '@platform/event-store';
import { parseEmailLinkToken } from './send-domain-validation-email/email-link-token';
import { translate } from './validation.relay';

const recorded = (type: string, data: unknown, streamId = 'org-validation-o'): RecordedEvent =>
  ({ id: 'e1', streamId, revision: 0, position: 1n, type, data, metadata: { occurredAt: '2026-11-26T10:00:00Z', correlationId: 'c' } }) as RecordedEvent;

describe('validation relay translation', () => {
  const secret = Buffer.from('k'.repeat(32));
  const relay = translate(secret);

  it('publishes an e-mail DCV request with a link token derived from the challenge, never stored', () => {
    const data = { organisationId: 'o', domain: 'example.ac.uk', challengeId: 'c1', to: 'admin@example.ac.uk', requestedAt: 'x', expiresAt: '2026-11-29T10:00:00.000Z' };
    const [message] = relay(recorded('DomainValidationEmailRequested', data));
    expect(message.contract.subject).toBe('validation.evt.domain-validation-email.requested.v1');
    const published = message.data as { confirmationToken: string };
    expect(published).toEqual({ organisationId: 'o', domain: 'example.ac.uk', to: 'admin@example.ac.uk', confirmationToken: expect.any(String), expiresAt: data.expiresAt });
    expect(parseEmailLinkToken(secret, published.confirmationToken)).toEqual({ organisationId: 'o', domain: 'example.ac.uk', challengeId: 'c1' });
    // A replay publishes the same message (JetStream deduplicates it by event id).
    expect(relay(recorded('DomainValidationEmailRequested', data))).toEqual([message]);
  });

  it('publishes expiry notices, and nothing for other events or other streams', () => {
    const notice = { organisationId: 'o', kind: 'domain', domain: 'example.ac.uk', expiresAt: '2027-06-14T10:00:00.000Z', noticedAt: 'x' };
    expect(relay(recorded('ValidationExpiryNoticed', notice))[0]).toMatchObject({
      contract: { subject: 'validation.evt.validation.expiring.v1' },
      data: { organisationId: 'o', kind: 'domain', domain: 'example.ac.uk', expiresAt: notice.expiresAt },
    });
    expect(relay(recorded('DomainValidated', { domain: 'example.ac.uk' }))).toEqual([]);
    expect(relay(recorded('ValidationExpiryNoticed', notice, 'relay-validation'))).toEqual([]);
  });

  it('publishes submitted organisation details for the operator team, with the legal name only', () => {
    const details = { legalName: 'University of Example', locality: 'Exampleton', country: 'GB', registrationNumber: 'RC1' };
    const [message] = relay(recorded('OrganisationDetailsSubmitted', { organisationId: 'o', details, submittedAt: '2026-11-26T10:00:00.000Z', submittedBy: 'rao-1' }));
    expect(message).toEqual({
      contract: expect.objectContaining({ subject: 'validation.evt.organisation-details.submitted.v1' }),
      data: { organisationId: 'o', legalName: 'University of Example', submittedBy: 'rao-1', submittedAt: '2026-11-26T10:00:00.000Z' },
    });
  });
});
