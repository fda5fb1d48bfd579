import type { Clock } from '@platform/kernel';
import type { CertificateAuthority } from '@platform/pki';
import type { CertificateListProjection } from '../projections/certificate-list.projection';
import { OcspRespondHandler } from './ocsp-respond.handler';

/** What the responder does for a serial its status read model does not hold (yet). */
describe('OCSP status lookup', () => {
  const row = { id: 'c1', serialNumber: '0A', issuerId: 'tls-ecdsa', publicKeySha256: 'k', notAfter: new Date('2027-01-01') };
  const setup = (caughtUp: () => Promise<void>) => {
    let applied = false;
    const lookups: string[] = [];
    const readModel = {
      em: () => ({
        findOne: async (_entity: unknown, where: { serialNumber: string }) => {
          lookups.push(where.serialNumber);
          return applied ? row : null;
        },
      }),
      caughtUp: async (timeoutMs?: number) => {
        expect(timeoutMs).toBe(1_000);
        await caughtUp();
        applied = true; // the projection applied the certificate while we waited
      },
    } as unknown as CertificateListProjection;
    const handler = new OcspRespondHandler({} as CertificateAuthority, {} as Clock, readModel);
    const status = (serial: string) => (handler as unknown as { status(i: string, s: string): Promise<{ status: string }> }).status('tls-ecdsa', serial);
    return { status, lookups };
  };

  it('a certificate issued a moment ago is "good" once the read model has caught up', async () => {
    const { status, lookups } = setup(async () => undefined);
    expect(await status('0A')).toEqual({ status: 'good' });
    expect(lookups).toEqual(['0A', '0A']);
  });

  it('a read model that cannot catch up within a second gets the answer it has: "unknown", not a hung responder', async () => {
    const { status, lookups } = setup(async () => Promise.reject(new Error('projection wait timed out')));
    expect(await status('0A')).toEqual({ status: 'unknown' });
    expect(lookups).toEqual(['0A']);
  });
});
