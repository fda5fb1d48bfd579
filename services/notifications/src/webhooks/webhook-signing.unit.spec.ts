import { randomBytes } from 'node:crypto';
import { newWebhookSecret, openSecret, sealSecret, signatureOf } from './webhook-signing';

describe('webhook signing', () => {
  it('signs as the Standard Webhooks reference does (its test vector)', () => {
    const signature = signatureOf('whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw', 'msg_p5jXN8AQM9LWM0D4loKWxJek', 1614265330, '{"test": 2432232314}');
    expect(signature).toBe('v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=');
  });

  it('makes whsec_ secrets of 32 random bytes, sealed so that only the same notifications secret opens them', () => {
    const secret = newWebhookSecret();
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    expect(Buffer.from(secret.slice(6), 'base64')).toHaveLength(32);
    const key = randomBytes(32);
    const sealed = sealSecret(key, secret);
    expect(sealed).not.toContain(secret.slice(6, 20));
    expect(openSecret(key, sealed)).toBe(secret);
    expect(() => openSecret(randomBytes(32), sealed)).toThrow();
  });
});
