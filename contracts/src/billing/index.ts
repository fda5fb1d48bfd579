export * from './billing.schemas';
export * from './start-subscription/start-subscription';
export * from './get-subscription/get-subscription';
export * from './subscription-history/subscription-history';
export * from './reserve-allowance/reserve-allowance';
export * from './release-allowance/release-allowance';
