/** @platform/pki: CSR vetting and the development certificate authority. See ../README.md. */
export { parseCsr, MAX_DNS_NAMES, type CsrInfo } from './csr/parse-csr';
export { CsrErrorCode } from './csr/csr.errors';
export {
  CertificateAuthority,
  type CertificateAuthorityOptions,
  type IssueRequest,
  type IssuedCertificate,
} from './ca/certificate-authority';
export type { SubjectFields } from './ca/leaf-profile';
export type { Signer, SignatureAlgorithm } from './ca/signer';
export { CaErrorCode } from './ca/ca.errors';
export { dnsNameProblem, normaliseDnsNames, type DnsNameProblem } from './names/dns-name';
