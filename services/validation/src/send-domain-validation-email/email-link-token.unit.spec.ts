import { emailLinkToken, parseEmailLinkToken } from './email-link-token';

describe('e-mail DCV link token', () => {
  const secret = Buffer.from('s'.repeat(32));
  const ref = { organisationId: 'b6f7c1c2-0000-4000-8000-000000000001', domain: 'example.ac.uk', challengeId: 'c1' };

  it('round-trips with the secret, and fails with another secret or any change', () => {
    const token = emailLinkToken(secret, ref);
    expect(parseEmailLinkToken(secret, token)).toEqual(ref);
    expect(parseEmailLinkToken(Buffer.from('t'.repeat(32)), token)).toBeUndefined();
    const [payload, mac] = token.split('.');
    const forged = Buffer.from(`${ref.organisationId} evil.ac.uk c1`).toString('base64url');
    for (const bad of [`${forged}.${mac}`, `${payload}.${mac.slice(1)}`, `${payload}`, `${token}.x`, ''])
      expect(parseEmailLinkToken(secret, bad)).toBeUndefined();
  });
});
