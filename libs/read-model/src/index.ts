export { openReadModelOrm, type ReadModelDbConfig, type ReadModelOrm } from './read-model.orm';
export type { Projection } from './projection';
export { ProjectionRunner, type ProjectionRunnerOptions } from './projection.runner';
export type { ProjectionLogger } from './projection.worker';
export { ProjectionApplyError, ProjectionWaitTimeoutError } from './projection.errors';
export { ProjectionCheckpointSchema, type ProjectionCheckpoint } from './projection-checkpoint.entity';
export { ReadModelHost } from './read-model.host';
