export {
  isWarmupEvent,
  parseWarmupResponse,
  WARMUP_EVENT,
  type ParsedWarmupResponse,
  type WarmupEvent,
  type WarmupResponse,
} from './warmup';
