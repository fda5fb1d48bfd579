export * from './acme.module';
export { AcmeHttp } from './http/acme.http';
