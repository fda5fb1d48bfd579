export * from './config';
export * from './secrets';
export * from './storage';
export * from './observability';
export * from './logging';
