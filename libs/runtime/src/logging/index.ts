export * from './platform-logger';
export { prettyLine } from './pretty';
export { routeConsoleTo } from './console';
export { REDACTED, sanitizeText } from './redact';
export * from './http-correlation';
