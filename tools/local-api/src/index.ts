export { startLocalApi, type LocalApi, type LocalApiOptions } from './startLocalApi';
export {
  toApiGatewayEvent,
  isKnownResource,
  type AdapterOptions,
  type AdapterRequest,
} from './apiGatewayEvent';
export { toStreamEvent, type StreamEventOptions } from './streamEvent';
export { lambdaContext } from './lambdaContext';
export { DEMO_FIXTURES } from './demoFixtures';
