export { type OpenReadModelOptions, openReadModelOrm, type ReadModelDbConfig, type ReadModelOrm } from './read-model.orm';
export type { Projection, ReadModelBackend } from './projection';
export { ProjectionRunner, type ProjectionRunnerOptions, type WaitOptions } from './projection.runner';
export type { ProjectionLogger, RetryFaultsResult } from './projection.worker';
export { ProjectionFaultSchema, type ProjectionFault } from './projection-fault.entity';
export { ProjectionApplyError, ProjectionWaitTimeoutError } from './projection.errors';
export { ProjectionCheckpointSchema, type ProjectionCheckpoint, checkpointName, lockCheckpoint } from './projection-checkpoint.entity';
export { ReadModelHost, openReadModels } from './read-model.host';
