import type { DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import type { FunctionHost } from '../functions/FunctionHost';

/** The part of a Lambda event source mapping (DynamoDB Streams) that decides what a failed batch becomes. */
export interface StreamMapping {
  /** Records per invocation at most. */
  readonly batchSize: number;
  /** A function error splits the batch in two and retries each half (first half first). */
  readonly bisectBatchOnError: boolean;
  /** The function may answer `{ batchItemFailures }`: records before the first failed one are done, the rest retried. */
  readonly reportBatchItemFailures: boolean;
  /** Retries after the first attempt: a record that failed `1 + retryAttempts` times is discarded (and reported). */
  readonly retryAttempts: number;
  /** Concurrent batches per shard; every record of one key goes to the same one, so each key keeps its order. */
  readonly parallelizationFactor: number;
}

/**
 * The primer's mapping as `infra/cdk`'s ApiStack configures it (a template test there checks they agree). Not modelled
 * here: `maxRecordAge` (1 h; a local run never holds a record that long) and the SQS on-failure destination, which is
 * {@link StreamDispatcherOptions.onDropped}.
 */
export const PRIMER_STREAM_MAPPING: StreamMapping = {
  batchSize: 10,
  bisectBatchOnError: true,
  reportBatchItemFailures: true,
  retryAttempts: 5,
  parallelizationFactor: 2,
};

/** Records discarded after their last attempt: what AWS sends to the on-failure destination. */
export interface DroppedBatch {
  readonly records: readonly DynamoDBRecord[];
  /** Attempts made on them (1 + retryAttempts). */
  readonly attempts: number;
  /** The last failure: the handler's error, or the records it reported as failed. */
  readonly reason: string;
}

export interface StreamDispatcherOptions {
  /** The stream's function (in process or in a FunctionPool). */
  readonly target: Pick<FunctionHost<DynamoDBStreamEvent>, 'invoke'>;
  /** @default PRIMER_STREAM_MAPPING */
  readonly mapping?: StreamMapping;
  /** Pause before each retry (Lambda retries at once, with backoff under throttling). @default 100 */
  readonly retryDelayMs?: number;
  /** How a pause is waited for (tests pass one that resolves at once). @default setTimeout */
  readonly sleep?: (ms: number) => Promise<void>;
  /** The record's partition key. @default its `Keys` */
  readonly keyOf?: (record: DynamoDBRecord) => string;
  /** Each batch discarded after its last attempt. */
  readonly onDropped?: (dropped: DroppedBatch) => void;
  /** Each failed attempt (for logs): the records it carried, which attempt it was, and why it failed. */
  readonly onAttemptFailed?: (failure: { records: number; attempt: number; reason: string }) => void;
}

export interface StreamDispatcherStats {
  /** Records published. */
  published: number;
  /** Records the function processed without reporting them failed. */
  delivered: number;
  /** Records discarded after their last attempt. */
  dropped: number;
  /** Invocations of the function. */
  invocations: number;
  /** Invocations that were retries (of a whole batch, its remaining records or one of its halves). */
  retries: number;
  /** Batches split in two after a function error. */
  bisections: number;
}

export type RecordOutcome = 'delivered' | 'dropped';

interface Entry {
  readonly record: DynamoDBRecord;
  readonly settle: (outcome: RecordOutcome) => void;
}

interface Batch {
  readonly entries: Entry[];
  /** Attempts already made on these entries. */
  readonly attempts: number;
}

interface Lane {
  readonly queue: Entry[];
  running?: Promise<void>;
}

/**
 * A local DynamoDB Streams → Lambda event source mapping: records are published as the table writes them, handed to
 * the function in batches (up to `batchSize`, of what queued while the previous batch ran) and retried the way the
 * mapping retries them — a function error retries the batch (split in two first with `bisectBatchOnError`), reported
 * batch item failures retry from the first failed record, and a record out of attempts is dropped and reported.
 * Records of one key are always processed in the order they were published, a later one only once the earlier one is
 * delivered or dropped; different keys may run in up to `parallelizationFactor` concurrent batches.
 *
 * @example
 * const stream = new StreamDispatcher({ target: primerHost, onDropped: (d) => log(`dropped ${d.records.length}`) });
 * await stream.publish(toStreamRecord(stored, 'INSERT'));
 * await stream.idle();
 */
export class StreamDispatcher {
  private readonly mapping: StreamMapping;
  private readonly lanes: Lane[];
  private readonly s: StreamDispatcherStats = {
    published: 0,
    delivered: 0,
    dropped: 0,
    invocations: 0,
    retries: 0,
    bisections: 0,
  };

  constructor(private readonly o: StreamDispatcherOptions) {
    this.mapping = o.mapping ?? PRIMER_STREAM_MAPPING;
    const { batchSize, parallelizationFactor, retryAttempts } = this.mapping;
    if (!(batchSize >= 1 && parallelizationFactor >= 1 && retryAttempts >= 0))
      throw new RangeError(`invalid stream mapping ${JSON.stringify(this.mapping)}`);
    this.lanes = Array.from({ length: parallelizationFactor }, () => ({ queue: [] }));
  }

  stats(): StreamDispatcherStats {
    return { ...this.s };
  }

  /** Queues one record; resolves once it is delivered or dropped (never rejects). */
  publish(record: DynamoDBRecord): Promise<RecordOutcome> {
    this.s.published++;
    const lane = this.lanes[laneOf(this.keyOf(record), this.lanes.length)]!;
    const outcome = new Promise<RecordOutcome>((settle) => lane.queue.push({ record, settle }));
    lane.running ??= this.drain(lane).finally(() => (lane.running = undefined));
    return outcome;
  }

  /** Resolves once every published record is delivered or dropped. */
  async idle(): Promise<void> {
    for (;;) {
      const running = this.lanes.flatMap((l) => (l.running ? [l.running] : []));
      if (running.length === 0) return;
      await Promise.all(running);
    }
  }

  private keyOf(record: DynamoDBRecord): string {
    return this.o.keyOf ? this.o.keyOf(record) : JSON.stringify(record.dynamodb?.Keys ?? {});
  }

  private async drain(lane: Lane): Promise<void> {
    while (lane.queue.length > 0) {
      await this.process({ entries: lane.queue.splice(0, this.mapping.batchSize), attempts: 0 });
    }
  }

  /** One batch until every record of it is delivered or dropped, in order. */
  private async process(first: Batch): Promise<void> {
    const todo: Batch[] = [first];
    while (todo.length > 0) {
      const batch = todo.shift()!;
      if (batch.attempts > 0) {
        this.s.retries++;
        await this.sleep(this.o.retryDelayMs ?? 100);
      }
      const attempt = batch.attempts + 1;
      const failed = await this.attempt(batch.entries);
      if (failed === undefined) continue;
      this.o.onAttemptFailed?.({ records: failed.rest.length, attempt, reason: failed.reason });
      if (attempt > this.mapping.retryAttempts) {
        this.drop(failed.rest, attempt, failed.reason);
      } else if (failed.functionError && this.mapping.bisectBatchOnError && failed.rest.length > 1) {
        this.s.bisections++;
        const half = Math.ceil(failed.rest.length / 2);
        todo.unshift(
          { entries: failed.rest.slice(0, half), attempts: attempt },
          { entries: failed.rest.slice(half), attempts: attempt },
        );
      } else {
        todo.unshift({ entries: failed.rest, attempts: attempt });
      }
    }
  }

  /**
   * Invokes the function once. Returns undefined when every record is done, else the records still to do (all of them
   * after a function error; from the first reported failure on otherwise) and why.
   */
  private async attempt(
    entries: Entry[],
  ): Promise<{ rest: Entry[]; reason: string; functionError: boolean } | undefined> {
    this.s.invocations++;
    let result: unknown;
    try {
      result = (await this.o.target.invoke({ Records: entries.map((e) => e.record) })).result;
    } catch (err) {
      return { rest: entries, reason: (err as Error)?.message ?? String(err), functionError: true };
    }
    const firstFailed = this.mapping.reportBatchItemFailures ? firstFailure(entries, result) : -1;
    const delivered = firstFailed < 0 ? entries : entries.slice(0, firstFailed);
    for (const e of delivered) {
      this.s.delivered++;
      e.settle('delivered');
    }
    if (firstFailed < 0) return undefined;
    const rest = entries.slice(firstFailed);
    return {
      rest,
      reason: `batch item failure at ${rest[0]!.record.dynamodb?.SequenceNumber}`,
      functionError: false,
    };
  }

  private drop(entries: Entry[], attempts: number, reason: string): void {
    this.s.dropped += entries.length;
    this.o.onDropped?.({ records: entries.map((e) => e.record), attempts, reason });
    for (const e of entries) e.settle('dropped');
  }

  private sleep(ms: number): Promise<void> {
    return this.o.sleep ? this.o.sleep(ms) : new Promise((r) => setTimeout(r, ms));
  }
}

/**
 * The index of the first record the response reports failed (the mapping's checkpoint: Lambda retries from the lowest
 * reported sequence number), -1 when none is. An item identifier that names no record of the batch (empty, missing,
 * unknown) fails the whole batch, as Lambda treats it.
 */
function firstFailure(entries: readonly Entry[], result: unknown): number {
  const failures = (result as { batchItemFailures?: { itemIdentifier?: unknown }[] } | null | undefined)
    ?.batchItemFailures;
  if (!Array.isArray(failures) || failures.length === 0) return -1;
  let first = entries.length;
  for (const f of failures) {
    const i = entries.findIndex((e) => e.record.dynamodb?.SequenceNumber === f?.itemIdentifier);
    if (i < 0) return 0;
    first = Math.min(first, i);
  }
  return first;
}

/** A stable lane for a key (FNV-1a), like the mapping's hash of the partition key. */
function laneOf(key: string, lanes: number): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) h = Math.imul(h ^ key.charCodeAt(i), 0x01000193);
  return (h >>> 0) % lanes;
}
