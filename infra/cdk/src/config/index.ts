export * from './types';
export { environments, pipelineConfig } from './environments';
export {
  availabilityZonesKey,
  validateAvailabilityZones,
  validateEnvironment,
  validateEnvironments,
} from './validateConfig';
export { EnvironmentConfigError, type ConfigIssue } from './EnvironmentConfigError';
export { parseCidr, blockSize, overlaps, hasHostBits, type Cidr } from './cidr';
