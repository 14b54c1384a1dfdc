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
export type PrimeOutcome = 'primed' | 'deleted' | 'ignored';

/**
 * The cache primer (compute on write): for each opinion INSERT/MODIFY on the table's stream, builds that
 * fixture's model from the new image and writes it to the shared cache (L1 + L2), so customers' first prices find it
 * ready, then points the fixture's current-version pointer at it (`CurrentVersions`; a suspension first). On REMOVE it deletes the model's entries (core and halves) named by the old image's inputsVersion (the deployed stream is
 * NEW_AND_OLD_IMAGES for this reason; a stream without old images leaves the entry to expire by TTL, and prices
 * already answer 404 once the opinion is gone).
 * A record that fails (malformed image, L2 write failed) is reported in `batchItemFailures`; the others are not retried.
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
    // A suspension must stop prices at once: publish it before building (a suspended fixture is not priced).
    if (opinion.status === 'SUSPENDED') await deps.versions?.publish(opinion);
    // An in-play state must never be priced from the version before it (no past-posting): publish it at once, before
    // its model exists, so every price moves to it now (and builds it, or waits for this build, bounded by the lock).
    if (opinion.inPlay !== undefined) await deps.versions?.publish(opinion);
    // Both sections (ADR 0028): the halves are written before the core, and a failed write of either fails the record.
    await deps.models.core(
      fixtureId,
      opinion.inputsVersion,
      () => buildModel(opinion, { tracer, metrics }),
      // Nobody waits on the primer, so it waits for another container's build far longer than a price request would
      // (the lock itself expires after 5 s if that container dies, and the primer then takes it over), but never into
      // the time it keeps back from its deadline (see the batch loop).
      { failOnL2Error: true, lockWaitMs },
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
      for (const record of event.Records) {
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
          const outcome = await prime(record, Math.min(PRIMER_LOCK_WAIT_MS, budgetMs));
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
