export * from './create-account-binding/create-account-binding';
