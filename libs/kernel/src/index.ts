export * from './domain-error';
export * from './clock';
export * from './actor';
export * from './ids';
export * from './unsafe-string';
export * from './ticker';
export * from './csv';
export * from './special-purpose-address';
