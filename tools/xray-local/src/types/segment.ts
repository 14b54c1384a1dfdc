/** The parts of an X-Ray segment/subsegment document this tool reads. */
export interface SegmentDocument {
  id?: string;
  name?: string;
  trace_id?: string;
  parent_id?: string;
  type?: string;
  start_time?: number;
  end_time?: number;
  in_progress?: boolean;
  error?: boolean;
  fault?: boolean;
  annotations?: Record<string, string | number | boolean>;
  subsegments?: SegmentDocument[];
}

/** One completed (sub)segment, flattened. */
export interface Span {
  name: string;
  traceId: string | undefined;
  id: string | undefined;
  parentId: string | undefined;
  durationMs: number;
  startTime: number;
  error: boolean;
  annotations: Record<string, string | number | boolean>;
}
