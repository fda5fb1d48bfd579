import type { CertificateIssuedData } from './certificate.events';

/** An issued certificate's event data for tests; override what the test is about. */
export const issuedCertificate = (over: Partial<CertificateIssuedData> = {}): CertificateIssuedData => ({
  certificateId: 'c1',
  organisationId: 'o1',
  requestedBy: 'a1',
  commonName: 'www.example.ac.uk',
  names: ['www.example.ac.uk'],
  serialNumber: '01',
  keyAlgorithm: 'RSA 2048',
  publicKeySha256: 'ab',
  notBefore: '2026-11-26T00:00:00.000Z',
  notAfter: '2027-06-13T00:00:00.000Z',
  issuedAt: '2026-11-26T00:01:00.000Z',
  certificatePem: 'pem',
  chainPem: 'chain',
  ...over,
});
