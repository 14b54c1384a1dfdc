export { startLocalApi, type LocalApi, type LocalApiOptions } from './startLocalApi';
// The local AWS layer lives in the test harness (shared with the load test); re-exported for existing callers.
export {
  toApiGatewayEvent,
  isKnownResource,
  toStreamEvent,
  lambdaContext,
  type AdapterOptions,
  type AdapterRequest,
  type StreamEventOptions,
} from '@betbuilder/test-harness';
export { DEMO_FIXTURES } from './demoFixtures';
