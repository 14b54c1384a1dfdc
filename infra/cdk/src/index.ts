export { buildApp, VALIDATE_AGAINST_DEFAULT_RULES, type BuildAppOptions, type BuiltApp } from './app';
export { BetBuilderStage, stageIdOf, type BetBuilderStageProps } from './BetBuilderStage';
export * from './config';
export {
  planSubnetCapacity,
  describeShortfall,
  AWS_RESERVED_PER_SUBNET,
  HYPERPLANE_CONNECTIONS_PER_ENI,
} from './capacity/ipCapacity';
export type { CapacityInputs, SubnetCapacity, DemandLine } from './capacity/ipCapacity';
export { SubnetCapacityCheck } from './capacity/SubnetCapacityCheck';
export {
  NetworkStack,
  LAMBDA_SUBNETS,
  DATA_SUBNETS,
  REPLICATION_GROUP_PORT,
  SERVERLESS_PORTS,
  DAX_TLS_PORT,
} from './stacks/NetworkStack';
export { DataStack, DAX_TABLE_ACTIONS } from './stacks/DataStack';
export { CacheStack, SERVERLESS_CACHE_USER, type CacheEndpoint } from './stacks/CacheStack';
export { ApiStack, API_STAGE_NAME, LIVE_ALIAS, apiResourcePolicy } from './stacks/ApiStack';
export { PipelineStack, WAVE_ORDER, SYNTH_COMMANDS } from './stacks/PipelineStack';
export { Monitoring, CACHE_SOURCE_METRICS, METRICS_NAMESPACE } from './constructs/Monitoring';
export { DEFAULT_HANDLER_ENTRIES, REPO_ROOT, type HandlerEntries } from './paths';
