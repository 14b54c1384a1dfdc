import type { SegmentDocument, Span } from './types/segment';

/** A datagram that is not `{"format":"json","version":1}\n{segment}`. */
export class DaemonProtocolError extends Error {
  readonly code = 'BAD_DATAGRAM';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'DaemonProtocolError';
  }
}

/**
 * Parses one UDP datagram of the X-Ray daemon protocol: a JSON header line `{"format":"json","version":1}`,
 * a newline, then one segment or subsegment document (what the X-Ray SDKs send to port 2000).
 *
 * @example
 * const doc = parseDaemonMessage(Buffer.from('{"format":"json","version":1}\n{"name":"price",...}'));
 */
export function parseDaemonMessage(datagram: Buffer | string): SegmentDocument {
  const text = typeof datagram === 'string' ? datagram : datagram.toString('utf8');
  const nl = text.indexOf('\n');
  if (nl < 0) throw new DaemonProtocolError('datagram has no header line');
  let header: unknown;
  try {
    header = JSON.parse(text.slice(0, nl));
  } catch (err) {
    throw new DaemonProtocolError('header is not JSON', { cause: err });
  }
  const h = header as { format?: unknown; version?: unknown };
  if (h.format !== 'json' || h.version !== 1) {
    throw new DaemonProtocolError(`unsupported header ${text.slice(0, Math.min(nl, 80))}`);
  }
  let body: unknown;
  try {
    body = JSON.parse(text.slice(nl + 1));
  } catch (err) {
    throw new DaemonProtocolError('segment body is not JSON', { cause: err });
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body))
    throw new DaemonProtocolError('segment body is not an object');
  return body;
}

/**
 * Flattens a (sub)segment document into completed spans: the document itself and every nested
 * subsegment (a full segment carries its subsegments inline; in Lambda the SDK streams each closed
 * subsegment on its own). In-progress documents (no end_time) are skipped: their closed version follows.
 *
 * @example
 * for (const span of flattenSpans(doc)) stats.add(span.name, span.durationMs);
 */
export function flattenSpans(
  doc: SegmentDocument,
  inherited?: { traceId?: string; parentId?: string },
): Span[] {
  const out: Span[] = [];
  const traceId = doc.trace_id ?? inherited?.traceId;
  if (
    doc.in_progress !== true &&
    typeof doc.start_time === 'number' &&
    typeof doc.end_time === 'number' &&
    doc.name
  ) {
    out.push({
      name: doc.name,
      traceId,
      id: doc.id,
      parentId: doc.parent_id ?? inherited?.parentId,
      durationMs: Math.max(0, (doc.end_time - doc.start_time) * 1000),
      startTime: doc.start_time,
      error: doc.error === true || doc.fault === true,
      annotations: doc.annotations ?? {},
    });
  }
  for (const sub of doc.subsegments ?? [])
    out.push(
      ...flattenSpans(sub, { ...(traceId ? { traceId } : {}), ...(doc.id ? { parentId: doc.id } : {}) }),
    );
  return out;
}
