export * from './validation.module';
export { validationConfig, type ValidationConfig } from './validation.config';
