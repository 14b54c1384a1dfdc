export { LocalXrayDaemon, type LocalXrayDaemonOptions } from './LocalXrayDaemon';
export { parseDaemonMessage, flattenSpans, DaemonProtocolError } from './parseDaemonMessage';
export {
  SpanStats,
  percentile,
  renderSpanTable,
  renderSlowest,
  type SpanRow,
  type TraceBreakdown,
} from './SpanStats';
export { newTraceHeader, lambdaTracingEnv } from './traceHeader';
export type { SegmentDocument, Span } from './types/segment';
