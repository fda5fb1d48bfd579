export * from './create-account-binding/create-account-binding';
export * from './account-binding-view';
export * from './list-account-bindings/list-account-bindings';
export * from './disable-account-binding/disable-account-binding';
