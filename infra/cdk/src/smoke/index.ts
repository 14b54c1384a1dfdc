export {
  lambdaInvokeTransport,
  matchResource,
  API_RESOURCES,
  type ApiResource,
  type LambdaInvoker,
  type LambdaInvokeTransportOptions,
} from './lambdaInvokeTransport';
export { runSmokeTest, smokeOpinion, type SmokeTestOptions, type SmokeTestResult } from './runSmokeTest';
export { smokeOptionsFromEnv, type SmokeEnvironment } from './smokeOptionsFromEnv';
