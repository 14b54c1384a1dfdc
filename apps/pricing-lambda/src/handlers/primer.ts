import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { Context, DynamoDBBatchResponse, DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import { buildModel } from '../buildModel';
import { flushMetrics, traceInvocation } from '../observability';
import { lambdaEntry } from '../lambdaEntry';
import { getDefaultRuntime, type Runtime } from '../runtime';
import { parseStoredItem } from '../storedOpinion';

export type PrimerHandlerDeps = Pick<Runtime, 'logger' | 'tracer' | 'metrics' | 'models' | 'opinions'> &
  Partial<Pick<Runtime, 'versions'>>;

export type PrimerHandler = (event: DynamoDBStreamEvent, context: Context) => Promise<DynamoDBBatchResponse>;

/** How long the primer waits at most for a build another container holds the lock for, before building itself. */
export const PRIMER_LOCK_WAIT_MS = 10_000;

/**
 * What the primer keeps back from its deadline for the record in hand: building one model (tens of ms), the L2 write
 * and the pointer publish (each bounded by the L2 timeout), with a wide margin; at most a sixth of the time the batch
 * started with, so a short local timeout still leaves room to wait. Lock waits end before it, and a record that would
 * start inside it is reported as failed instead (Lambda retries it), so a batch never outlives the timeout.
 */
export const PRIMER_RESERVE_MS = 10_000;

/** What the primer did with one stream record. */
export type PrimeOutcome = 'primed' | 'deleted' | 'ignored' | 'superseded';

/** The version a stream record's new image carries, if it has one. */
function newVersion(record: DynamoDBRecord): number | undefined {
  if (record.eventName !== 'INSERT' && record.eventName !== 'MODIFY') return undefined;
  const n = Number(record.dynamodb?.NewImage?.inputsVersion?.N);
  return Number.isFinite(n) ? n : undefined;
}

/**
 * The records of a batch that a later record of the same batch supersedes: an INSERT or MODIFY followed by another of
 * the same fixture with a higher `inputsVersion` (an in-play fixture's states arrive every few seconds, and a batch
 * gathers them while the primer builds). Nothing reads the older version once the newer is written (a price reads the
 * newest head, consistently when in play), so building it only takes CPU from the prices; the newer record publishes
 * and builds, and if it fails, the retry starts at it.
 */
export function supersededRecords(records: readonly DynamoDBRecord[]): Set<number> {
  const newest = new Map<string, number>(); // fixtureId → highest version seen so far, walking back from the end
  const superseded = new Set<number>();
  for (let i = records.length - 1; i >= 0; i--) {
    const record = records[i]!;
    const fixtureId = record.dynamodb?.Keys?.fixtureId?.S;
    const version = newVersion(record);
    if (fixtureId === undefined || version === undefined) continue;
    const later = newest.get(fixtureId);
    if (later !== undefined && later > version) superseded.add(i);
    else newest.set(fixtureId, version);
  }
  return superseded;
}

/**
 * The cache primer (compute on write): for each opinion INSERT/MODIFY on the table's stream, builds that
 * fixture's model from the new image and writes it to the shared cache (L1 + L2), so customers' first prices find it
 * ready, then points the fixture's current-version pointer at it (`CurrentVersions`; a suspension first). On REMOVE it deletes the model's entries (every section) named by the old image's inputsVersion (the deployed stream is
 * NEW_AND_OLD_IMAGES for this reason; a stream without old images leaves the entry to expire by TTL, and prices
 * already answer 404 once the opinion is gone).
 * A record that fails (malformed image, L2 write failed, Redis unreachable for as long as the primer may wait for it) is
 * reported in `batchItemFailures`; the others are not retried. A record that a later record of the same fixture in the
 * batch supersedes is skipped ({@link supersededRecords}).
 *
 * @example
 * const handler = createHandler(createRuntime(loadConfig()));
 * const { batchItemFailures } = await handler(streamEvent, context);
 */
export function createHandler(deps: PrimerHandlerDeps): PrimerHandler {
  const { logger, tracer, metrics } = deps;

  const prime = async (record: DynamoDBRecord, lockWaitMs: number): Promise<PrimeOutcome> => {
    const change = record.dynamodb;
    if (record.eventName === 'REMOVE') {
      const fixtureId = change?.Keys?.fixtureId?.S;
      if (fixtureId !== undefined) deps.opinions.forget(fixtureId);
      const old = change?.OldImage
        ? unmarshall(change.OldImage as Record<string, AttributeValue>)
        : undefined;
      if (fixtureId !== undefined) await deps.versions?.remove(fixtureId);
      if (fixtureId !== undefined && typeof old?.inputsVersion === 'number') {
        await deps.models.delete(fixtureId, old.inputsVersion);
        return 'deleted';
      }
      return 'ignored';
    }
    if (record.eventName !== 'INSERT' && record.eventName !== 'MODIFY') return 'ignored';
    if (!change?.NewImage)
      throw new Error('stream record has no NewImage (the stream view type must include NEW_IMAGE)');
    const item = unmarshall(change.NewImage as Record<string, AttributeValue>);
    const fixtureId = typeof item.fixtureId === 'string' ? item.fixtureId : '';
    const parsed = parseStoredItem(fixtureId, item);
    if (!parsed.ok) {
      throw new Error(`stored opinion '${fixtureId}' is malformed: ${JSON.stringify(parsed.issues)}`);
    }
    // Through the coalescing lock, like a price request: a price container that saw the new inputsVersion first and is
    // already building holds the lock, and the primer waits for its value instead of building it again (and vice versa),
    // so each (fixture, inputsVersion) is built once. The whole point of priming is the shared tier: a failed L2 write
    // fails the record, so Lambda retries it.
    const opinion = parsed.value;
    // With Redis unreachable (the breaker open) a build's write cannot land: wait for it (no CPU) instead of building
    // into the void, and leave the record to the retry if it stays down. Prices build for themselves meanwhile.
    // The wait and the lock's wait below share one budget, which ends before the time kept back from the deadline.
    const waitUntil = performance.now() + lockWaitMs;
    if (!(await deps.models.sharedTierUp(lockWaitMs))) {
      throw new Error('the shared cache (Redis) is unreachable: the record is left for the retry');
    }
    // A suspension must stop prices at once: publish it before building (a suspended fixture is not priced).
    if (opinion.status === 'SUSPENDED') await deps.versions?.publish(opinion);
    // An in-play state must never be priced from the version before it (no past-posting): publish it at once, before
    // its model exists, so every price moves to it now (and builds it, or waits for this build, bounded by the lock).
    if (opinion.inPlay !== undefined) await deps.versions?.publish(opinion);
    // Every section (ADR 0028, 0034): the others are written before the core, and a failed write of any fails the record.
    await deps.models.core(
      fixtureId,
      opinion.inputsVersion,
      (request) => buildModel(opinion, { tracer, metrics }, request),
      // Nobody waits on the primer, so it waits for another container's build far longer than a price request would
      // (the lock itself expires after 5 s if that container dies, and the primer then takes it over), but never into
      // the time it keeps back from its deadline (see the batch loop).
      { failOnL2Error: true, lockWaitMs: Math.max(0, waitUntil - performance.now()) },
    );
    // Only now, with the model in the shared tier, do prices move to this version (they price the previous one until
    // then instead of building this one themselves).
    if (opinion.status === 'OPEN') await deps.versions?.publish(opinion);
    return 'primed';
  };

  return async (event, context) => {
    logger.addContext(context);
    const batchItemFailures: DynamoDBBatchResponse['batchItemFailures'] = [];
    await traceInvocation(tracer, 'primer', async () => {
      const reserveMs = Math.min(PRIMER_RESERVE_MS, context.getRemainingTimeInMillis() / 6);
      const superseded = supersededRecords(event.Records);
      for (const [index, record] of event.Records.entries()) {
        const itemIdentifier = record.dynamodb?.SequenceNumber ?? record.eventID ?? '';
        const budgetMs = context.getRemainingTimeInMillis() - reserveMs;
        if (budgetMs <= 0) {
          // Too close to the timeout to start another record: a timed-out batch would be retried whole.
          logger.warn('stream record left for the retry: too close to the function timeout', {
            eventID: record.eventID,
            remainingMs: context.getRemainingTimeInMillis(),
          });
          batchItemFailures.push({ itemIdentifier });
          continue;
        }
        try {
          const outcome = superseded.has(index)
            ? 'superseded'
            : await prime(record, Math.min(PRIMER_LOCK_WAIT_MS, budgetMs));
          logger.debug('stream record handled', { eventID: record.eventID, outcome });
        } catch (err) {
          logger.error('stream record failed', {
            eventID: record.eventID,
            eventName: record.eventName,
            fixtureId: record.dynamodb?.Keys?.fixtureId?.S,
            error: err as Error,
          });
          batchItemFailures.push({ itemIdentifier });
        }
      }
    });
    flushMetrics(metrics);
    return { batchItemFailures };
  };
}

/** The Lambda entry point (DynamoDB Streams event source with ReportBatchItemFailures). */
export const handler: PrimerHandler = lambdaEntry(() => createHandler(getDefaultRuntime()));
