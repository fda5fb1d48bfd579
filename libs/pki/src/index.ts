/** @platform/pki: CSR vetting and the development certificate authority. See ../README.md. */
export { parseCsr, MAX_DNS_NAMES, type CsrInfo } from './csr/parse-csr';
export { CsrErrorCode } from './csr/csr.errors';
export {
  CertificateAuthority,
  DEFAULT_CA_NAME,
  type CertificateAuthorityOptions,
  type IssueRequest,
  type IssuedCertificate,
  type IssuerInfo,
} from './ca/certificate-authority';
export type { SubjectFields, EvFields } from './ca/leaf-profile';
export { PROFILES, ISSUER_IDS, POLICY, type IssuerId, type ProfileId } from './ca/profiles';
export type { Signer, SignatureAlgorithm } from './ca/signer';
export { CaErrorCode } from './ca/ca.errors';
export { dnsNameProblem, normaliseDnsNames, type DnsNameProblem } from './names/dns-name';
export { encodeCrlEntry, type CrlContent, type CrlEntry } from './revocation/crl';
export type { OcspLookup, OcspStatus } from './revocation/ocsp';
export { REASON_CODES } from './revocation/reasons';
export { pkcs7CertsOnly, certificateDer } from './revocation/pkcs7';
