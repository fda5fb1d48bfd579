export * from './issuance.module';
// For tests that play a crashed instance: the store's token, the stream names, the lease and the resumer.
export { ISSUANCE_STORE } from './issuance.tokens';
export { certificateStream } from './certificate/certificate.events';
export { REQUEST_LEASE_MS } from './request-certificate/certificate-request.process';
export { certificateIdFor } from './request-certificate/request-certificate.handler';
export { RequestResumer } from './request-certificate/request-resumer';
