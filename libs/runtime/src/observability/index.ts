export * from './metrics';
export * from './instrumented-bus';
export * from './instrumented-store';
export * from './http-metrics';
export * from './probe-server';
