export * from './record-organisation-validation/record-organisation-validation';
export * from './record-domain-validation/record-domain-validation';
export * from './check-names/check-names';
