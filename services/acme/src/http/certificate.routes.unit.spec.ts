import { Issuance } from '@platform/contracts';
import { InProcessBus } from '@platform/messaging';
import { AcmeCaches } from '../acme.caches';
import type { AcmeHttp } from './acme.http';
import type { AcmeCall } from './acme.router';
import { certificateRoutes } from './certificate.routes';

const account = (accountId: string) => ({ accountId, organisationId: 'org-1', contact: [] });
const issued = { certificatePem: '-----BEGIN CERTIFICATE-----\nLEAF\n-----END CERTIFICATE-----\n', chainPem: '-----BEGIN CERTIFICATE-----\nCA\n-----END CERTIFICATE-----\n' };

describe('certificate download (POST /cert/:id)', () => {
  let bus: InProcessBus;
  let caches: AcmeCaches;
  let asked: string[];
  let signer: string;
  const download = (certificateId: string) => {
    const acme = { bus, caches, verify: async () => ({ account: account(signer) }) } as unknown as AcmeHttp;
    const route = certificateRoutes(acme).find((r) => r.path === '/cert/:id')!;
    return route.handle({ req: { params: { id: certificateId } }, correlationId: 'c-1' } as unknown as AcmeCall);
  };

  beforeEach(async () => {
    bus = new InProcessBus({});
    caches = new AcmeCaches();
    asked = [];
    signer = 'acct-1';
    await bus.serve(Issuance.GetCertificate.subject, async (payload) => {
      const { certificateId } = payload as { certificateId: string };
      asked.push(certificateId);
      return {
        id: certificateId, organisationId: 'org-1', status: 'issued', commonName: 'www.example.ac.uk', names: ['www.example.ac.uk'], serialNumber: '0A',
        keyAlgorithm: 'ECDSA P-256', notBefore: '2026-11-26T00:00:00.000Z', notAfter: '2027-06-13T00:00:00.000Z', requestedBy: 'acme-account:acct-1',
        issuedAt: '2026-11-26T00:00:00.000Z', certificateType: 'ov-ssl', issuerId: 'tls-ecdsa', ...issued,
      };
    });
  });
  afterEach(() => bus.close());

  it('serves a certificate this instance just issued without asking issuance, and the same chain after a miss', async () => {
    caches.issued.set('cert-new', { requestedBy: 'acme-account:acct-1', pemChain: 'CACHED CHAIN\n' });
    expect(await download('cert-new')).toEqual({ text: { contentType: 'application/pem-certificate-chain', data: 'CACHED CHAIN\n' } });
    expect(asked).toEqual([]);
    // Not issued here (another instance, a restart): issuance answers, as a PEM chain with a newline after each part.
    expect(await download('cert-old')).toEqual({ text: { contentType: 'application/pem-certificate-chain', data: `${issued.certificatePem}${issued.chainPem}` } });
    expect(asked).toEqual(['cert-old']);
  });

  it('refuses another account the certificate, from the cache and from issuance alike', async () => {
    caches.issued.set('cert-new', { requestedBy: 'acme-account:acct-1', pemChain: 'CACHED CHAIN\n' });
    signer = 'acct-2';
    await expect(download('cert-new')).rejects.toMatchObject({ type: 'malformed', status: 404 });
    await expect(download('cert-old')).rejects.toMatchObject({ type: 'malformed', status: 404 });
  });

  it('keeps only the most recent certificates', () => {
    const issuedHere = new AcmeCaches().issued;
    for (let i = 0; i < 2_001; i++) issuedHere.set(`cert-${i}`, { requestedBy: 'a', pemChain: String(i) });
    expect(issuedHere.get('cert-0')).toBeUndefined();
    expect(issuedHere.get('cert-1')?.pemChain).toBe('1');
    expect(issuedHere.get('cert-2000')?.pemChain).toBe('2000');
  });
});
