export * from './issuance.module';
// For tests that play a crashed instance: the store's token, the stream names, the lease and the resumer.
export { CERTIFICATE_AUTHORITY, ISSUANCE_CONFIG, ISSUANCE_STORE } from './issuance.tokens';
export { certificateStream } from './certificate/certificate.events';
export { CertificateRequestProcess, REQUEST_LEASE_MS } from './request-certificate/certificate-request.process';
export { PendingRequestsReadModel } from './request-certificate/pending-requests.read-model';
export { certificateIdFor } from './request-certificate/request-certificate.handler';
export { RequestResumer } from './request-certificate/request-resumer';
// For tests that play several instances' CRL side over a real bus.
export { CrlPublisher } from './publish-crl/crl-publisher';
export { CertificateListProjection } from './projections/certificate-list.projection';
export { OrganisationNames } from './request-certificate/organisation-names';
// The ops command's list of this service's read models (projections list / verify).
export { ISSUANCE_PROJECTIONS } from './projections/certificate-list.projection';
