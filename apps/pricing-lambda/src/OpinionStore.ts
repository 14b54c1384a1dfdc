import { randomUUID } from 'node:crypto';
import type { Logger } from '@aws-lambda-powertools/logger';
import type { DynamoDBDocument } from '@aws-sdk/lib-dynamodb';
import { CircuitBreaker, withTimeout } from '@betbuilder/cache';
import type { Opinion } from '@betbuilder/pricing-model';
import type { ErrorDetail } from './errors/ApiError';
import { OpinionStoreError } from './errors/OpinionStoreError';
import type { FixtureList, FixtureSummary } from './fixtureList';
import { encodeCursor } from './fixtureListCursor';
import { listKeyOf, OPINION_TABLE, WRITE_ID_ATTRIBUTE } from './opinionTable';
import { parseStoredItem } from './storedOpinion';
import type { FixtureHead, OpinionReader, StoredOpinion } from './types/opinion';
import { WARMUP_FIXTURE_ID } from './warmupFixture';

/** The subset of `DynamoDBDocument` / `DaxDocument` the store uses: the method API, which both support. */
export type DocumentClient = Pick<DynamoDBDocument, 'get' | 'put' | 'update'> &
  Partial<Pick<DynamoDBDocument, 'query'>>;

/** What `GET /v1/fixtures` asks the store for. */
export interface ListOptions {
  readonly status?: 'OPEN' | 'SUSPENDED' | undefined;
  readonly limit: number;
  /** The sort key (`listKey`) to continue after: the previous page's last entry. */
  readonly after?: string | undefined;
}

/** What the store reads through DAX: only GetItem (writes and consistent reads always go to DynamoDB). */
export type DaxReadClient = Pick<DynamoDBDocument, 'get'>;

export interface OpinionStoreOptions {
  readonly tableName: string;
  /** DynamoDB document client: all writes, consistent reads, and the fallback when DAX fails. */
  readonly dynamo: DocumentClient;
  /**
   * DAX document client for eventually consistent reads, created on first use (loading the DAX SDK costs init time,
   * and its constructor starts cluster discovery).
   * @default - reads go to DynamoDB
   */
  readonly dax?: () => DaxReadClient | Promise<DaxReadClient>;
  /** Budget for one DynamoDB or DAX call; a whole read or write is bounded by twice this (a retry fits). */
  readonly timeoutMs: number;
  /** How long DAX is bypassed after it failed, so only one request per window pays the DAX timeout. @default 30000 */
  readonly daxCooldownMs?: number;
  readonly logger: Pick<Logger, 'error' | 'warn' | 'debug'>;
  /**
   * After `failureThreshold` consecutive DynamoDB calls that found the store unreachable (timeout, network, throttling),
   * calls fail at once with `UNAVAILABLE` for `cooldownMs`; then one trial call goes through and its success closes the
   * breaker. A frozen store so costs a container a couple of budgets, not one per request, and requests that need no
   * store read (a cached model and a fresh pointer) are not queued behind requests waiting for it.
   * @default { failureThreshold: 2, cooldownMs: 1000 }
   */
  readonly breaker?: { readonly failureThreshold: number; readonly cooldownMs: number };
  /** @default () => new Date() */
  readonly now?: () => Date;
}

export interface PutOptions {
  /** The client's `If-Match`: the inputsVersion it expects to replace (`'*'` = any existing version). */
  readonly ifMatch?: number | '*';
}

/**
 * Every top-level attribute an opinion can have. An unconditional write removes those its opinion lacks, so a field
 * dropped from an opinion does not survive from the previous version. `satisfies` fails the build when the Opinion
 * type gains a field that is not listed here.
 */
const OPINION_ATTRIBUTES = Object.keys({
  fixtureId: true,
  competition: true,
  kickoff: true,
  status: true,
  home: true,
  away: true,
  players: true,
  model: true,
  inPlay: true,
} satisfies Record<keyof Opinion, true>) as (keyof Opinion)[];

/** DynamoDB's number range (magnitude; 0 is allowed). JSON numbers parse to doubles, so 38 digits cannot be exceeded. */
const DYNAMODB_MIN_MAGNITUDE = 1e-130;
/** Exclusive: the largest is 9.99…9e125 (38 nines); every double below 1e126 prints with at most 17 of them. */
const DYNAMODB_MAX_MAGNITUDE_EXCLUSIVE = 1e126;

// Client-side errors that a retry or a healthier dependency would not fix: they are bugs or misconfiguration (500).
const NON_TRANSIENT = new Set(['ValidationException', 'ResourceNotFoundException', 'AccessDeniedException']);

/**
 * The opinion table (partition key `fixtureId`): versioned conditional writes, validated reads,
 * reads through DAX when configured with a bounded fallback to DynamoDB.
 *
 * @example
 * const store = new OpinionStore({ tableName: 'opinions', dynamo, timeoutMs: 800, logger });
 * const v1 = await store.put('epl-2026-12-05-ars-che', opinion);           // inputsVersion 1
 * await store.put('epl-2026-12-05-ars-che', changed, { ifMatch: 1 });    // inputsVersion 2
 * await store.put('epl-2026-12-05-ars-che', changed, { ifMatch: 1 });    // throws OpinionStoreError VERSION_CONFLICT
 */
export class OpinionStore implements OpinionReader {
  private daxClient: Promise<DaxReadClient> | undefined;
  private daxDownUntil = 0;
  private readonly breaker: CircuitBreaker;

  constructor(private readonly o: OpinionStoreOptions) {
    this.breaker = new CircuitBreaker(
      o.breaker?.failureThreshold ?? 2,
      o.breaker?.cooldownMs ?? 1000,
      (state) => o.logger.warn('DynamoDB circuit breaker changed state', { state }),
      () => this.now(),
    );
  }

  /** The store's circuit breaker: `open` while calls fail at once after the store stopped answering. */
  get breakerState(): 'closed' | 'open' | 'half-open' {
    return this.breaker.state;
  }

  /**
   * Reads a fixture's opinion: through DAX when configured (eventually consistent), else DynamoDB.
   * `consistent: true` always reads DynamoDB strongly consistently (traders reading their own write).
   * Throws OpinionStoreError `UNAVAILABLE` (store unreachable in time) or `MALFORMED_ITEM` (logged with its key).
   */
  async get(fixtureId: string, opts: { consistent?: boolean } = {}): Promise<StoredOpinion | undefined> {
    const params = { TableName: this.o.tableName, Key: { fixtureId } };
    let item: Record<string, unknown> | undefined;
    const dax = opts.consistent ? undefined : this.dax();
    if (dax) {
      try {
        // Loading the DAX SDK (first read only) is not the cluster's latency: only the read itself is raced.
        const client = await dax;
        item = (await withTimeout(client.get(params), this.o.timeoutMs, 'DAX GetItem')).Item;
        return item === undefined ? undefined : this.validate(fixtureId, item);
      } catch (err) {
        if (err instanceof OpinionStoreError) throw err;
        this.daxDownUntil = this.now() + (this.o.daxCooldownMs ?? 30_000);
        this.o.logger.warn('DAX read failed; reading DynamoDB and bypassing DAX for a while', {
          fixtureId,
          error: describe(err),
        });
      }
    }
    item = (
      await this.call('GetItem', fixtureId, (abortSignal) =>
        this.o.dynamo.get({ ...params, ConsistentRead: opts.consistent === true }, { abortSignal }),
      )
    ).Item;
    return item === undefined ? undefined : this.validate(fixtureId, item);
  }

  /**
   * The fixture's head, strongly consistent from DynamoDB (never DAX): `inputsVersion`, `status`, `kickoff` and, when
   * in play, `inPlay.minute` only (a projection: a few dozen bytes instead of the whole opinion, and no validation of
   * inputs the caller does not use). Throws OpinionStoreError `UNAVAILABLE` or `MALFORMED_ITEM`.
   *
   * @example
   * await store.getConsistentHead('epl-2026-12-05-ars-che'); // { fixtureId, inputsVersion: 7, status: 'OPEN', kickoff: '…', inPlay: { minute: 63 } }
   */
  async getConsistentHead(fixtureId: string): Promise<FixtureHead | undefined> {
    const item = (
      await this.call('GetItem', fixtureId, (abortSignal) =>
        this.o.dynamo.get(
          {
            TableName: this.o.tableName,
            Key: { fixtureId },
            ConsistentRead: true,
            ProjectionExpression: 'inputsVersion, #st, kickoff, inPlay.#min',
            ExpressionAttributeNames: { '#st': 'status', '#min': 'minute' },
          },
          { abortSignal },
        ),
      )
    ).Item;
    if (item === undefined) return undefined;
    const { inputsVersion, status, kickoff, inPlay } = item as Record<string, unknown>;
    const minute = (inPlay as { minute?: unknown } | undefined)?.minute;
    if (
      typeof inputsVersion !== 'number' ||
      !Number.isInteger(inputsVersion) ||
      inputsVersion < 1 ||
      (status !== 'OPEN' && status !== 'SUSPENDED') ||
      (kickoff !== undefined && typeof kickoff !== 'string') ||
      (inPlay !== undefined && typeof minute !== 'number')
    ) {
      this.o.logger.error('stored opinion is malformed', { fixtureId, table: this.o.tableName, head: true });
      throw new OpinionStoreError('MALFORMED_ITEM', `stored opinion for '${fixtureId}' is malformed`, {
        fixtureId,
      });
    }
    return {
      fixtureId,
      inputsVersion,
      status,
      ...(typeof kickoff === 'string' ? { kickoff } : {}),
      ...(inPlay !== undefined ? { inPlay: { minute } } : {}),
    };
  }

  /**
   * Reads a key no fixture can have ({@link WARMUP_FIXTURE_ID}) the way the price path reads (through DAX when
   * configured), so a warm-up opens the connection (TCP + TLS in AWS; loads and connects the DAX client) and V8 compiles
   * the SDK's request and response path before the first real read. Bounded like any read; never throws.
   */
  async prewarm(): Promise<void> {
    try {
      await this.get(WARMUP_FIXTURE_ID);
    } catch {
      // Unavailable: the first real read reports it.
    }
  }

  /**
   * Writes a fixture's opinion with the next inputsVersion (1 for the first write).
   * - `ifMatch: n`: lands only if the stored version is still `n` (else `VERSION_CONFLICT`, nothing changed);
   * - `ifMatch: '*'`: lands on any existing version (else `VERSION_CONFLICT`);
   * - no `ifMatch` ("latest wins"): always lands, with its own version: the version is incremented by DynamoDB in the
   *   same UpdateItem that writes the body, so concurrent writers never conflict and never share a version.
   *
   * Throws OpinionStoreError `UNSTORABLE_VALUE` (a number DynamoDB cannot hold; nothing written, `details` name the
   * fields), `VERSION_CONFLICT` or `UNAVAILABLE`.
   */
  async put(fixtureId: string, opinion: Opinion, opts: PutOptions = {}): Promise<StoredOpinion> {
    const unstorable = unstorableNumbers(opinion);
    if (unstorable.length > 0) {
      throw new OpinionStoreError('UNSTORABLE_VALUE', 'the opinion has numbers the store cannot hold', {
        fixtureId,
        details: unstorable,
      });
    }
    if (typeof opts.ifMatch === 'number') return this.putIfMatch(fixtureId, opinion, opts.ifMatch);
    return this.putLatest(fixtureId, opinion, opts.ifMatch === '*');
  }

  /**
   * `If-Match: n`: one conditional PutItem; only a lost condition reads the table (for the 409's message). A lost
   * condition whose stored item carries this write's id is this write, landed by an attempt whose answer was lost
   * (the SDK's retry then found the version moved by itself): a success, not a conflict.
   */
  private async putIfMatch(fixtureId: string, opinion: Opinion, expected: number): Promise<StoredOpinion> {
    const item = this.storedItem(fixtureId, opinion, expected + 1);
    const writeId = randomUUID();
    try {
      await this.putWhen(item, writeId, '#v = :expected', { ':expected': expected });
      return item;
    } catch (err) {
      if (!(err instanceof OpinionStoreError && err.code === 'VERSION_CONFLICT')) throw err;
      const stored = await this.storedVersion(fixtureId);
      if (stored?.writeId === writeId && stored.version === expected + 1) return item;
      throw conflict(fixtureId, expected, stored?.version, err);
    }
  }

  /**
   * No If-Match (or `*`): one UpdateItem that sets every attribute of the opinion, removes the opinion attributes it
   * does not have, and sets `inputsVersion = if_not_exists(inputsVersion, 0) + 1`, atomically. Its conditions: the
   * stored version is a number (and, for `*`, the fixture exists), and the stored item is not this write's: each
   * write carries a fresh id (`writeId`), so when an attempt lands but its answer is lost (a request timeout) the SDK's
   * retry does not apply the write a second time — its condition fails, the stored item shows this write's id, and
   * the write answers with the version it landed as (the retry never skips a version).
   */
  private async putLatest(
    fixtureId: string,
    opinion: Opinion,
    requireExisting: boolean,
  ): Promise<StoredOpinion> {
    const updatedAt = this.nowDate().toISOString();
    const writeId = randomUUID();
    const names: Record<string, string> = {
      '#v': 'inputsVersion',
      '#updatedAt': 'updatedAt',
      '#w': WRITE_ID_ATTRIBUTE,
    };
    const values: Record<string, unknown> = {
      ':zero': 0,
      ':one': 1,
      ':number': 'N',
      ':updatedAt': updatedAt,
      ':w': writeId,
    };
    // listKey: the list index's sort key (ADR 0015), rewritten with the kickoff it follows.
    names['#lk'] = OPINION_TABLE.listIndex.sortKey;
    values[':lk'] = listKeyOf({ fixtureId, kickoff: opinion.kickoff });
    const sets = ['#updatedAt = :updatedAt', '#v = if_not_exists(#v, :zero) + :one', '#lk = :lk', '#w = :w'];
    const removes: string[] = [];
    for (const [i, key] of OPINION_ATTRIBUTES.entries()) {
      if (key === 'fixtureId') continue; // the key: never updated
      const value = (opinion as Partial<Record<string, unknown>>)[key];
      names[`#a${i}`] = key;
      if (value === undefined) {
        removes.push(`#a${i}`);
      } else {
        values[`:a${i}`] = value;
        sets.push(`#a${i} = :a${i}`);
      }
    }
    try {
      const out = await this.call('UpdateItem', fixtureId, (abortSignal) =>
        this.o.dynamo.update(
          {
            TableName: this.o.tableName,
            Key: { fixtureId },
            UpdateExpression: `SET ${sets.join(', ')}${removes.length > 0 ? ` REMOVE ${removes.join(', ')}` : ''}`,
            ConditionExpression: `${requireExisting ? 'attribute_exists(fixtureId) AND ' : ''}(attribute_not_exists(#v) OR attribute_type(#v, :number)) AND (attribute_not_exists(#w) OR #w <> :w)`,
            ExpressionAttributeNames: names,
            ExpressionAttributeValues: values,
            ReturnValues: 'UPDATED_NEW',
          },
          { abortSignal },
        ),
      );
      const version: unknown = out.Attributes?.inputsVersion;
      if (typeof version !== 'number') throw new Error('UpdateItem returned no inputsVersion');
      return { ...opinion, fixtureId, inputsVersion: version, updatedAt };
    } catch (err) {
      if (!(err instanceof OpinionStoreError && err.code === 'VERSION_CONFLICT')) throw err;
      // The condition failed: this write already landed (an attempt whose answer was lost), no fixture (for `*`), or
      // a stored inputsVersion that is not a number.
      const current = await this.call('GetItem', fixtureId, (abortSignal) =>
        this.o.dynamo.get(
          { TableName: this.o.tableName, Key: { fixtureId }, ConsistentRead: true },
          { abortSignal },
        ),
      );
      if (current.Item === undefined) throw conflict(fixtureId, '*', undefined, err);
      const landed: unknown = current.Item.inputsVersion;
      if (current.Item[WRITE_ID_ATTRIBUTE] === writeId && typeof landed === 'number') {
        return { ...opinion, fixtureId, inputsVersion: landed, updatedAt };
      }
      return this.overwriteCorrupt(fixtureId, opinion);
    }
  }

  /** A stored item whose inputsVersion is not a number (written behind the store's back) is replaced as version 1. */
  private async overwriteCorrupt(fixtureId: string, opinion: Opinion): Promise<StoredOpinion> {
    this.o.logger.error('stored opinion has no valid inputsVersion; overwriting it as version 1', {
      fixtureId,
      table: this.o.tableName,
    });
    const item = this.storedItem(fixtureId, opinion, 1);
    const writeId = randomUUID();
    try {
      await this.putWhen(item, writeId, 'attribute_exists(#v) AND NOT attribute_type(#v, :number)', {
        ':number': 'N',
      });
    } catch (err) {
      if (!(err instanceof OpinionStoreError && err.code === 'VERSION_CONFLICT')) throw err;
      if ((await this.storedVersion(fixtureId))?.writeId !== writeId) throw err;
    }
    return item;
  }

  /**
   * One PutItem of the whole item, tagged with `writeId` (the write's own id, see {@link putLatest}), under
   * `condition` (`#v` names its inputsVersion).
   */
  private putWhen(
    item: StoredOpinion,
    writeId: string,
    condition: string,
    values: Record<string, unknown>,
  ): Promise<unknown> {
    return this.call('PutItem', item.fixtureId, (abortSignal) =>
      this.o.dynamo.put(
        {
          TableName: this.o.tableName,
          Item: { ...withListKey(item), [WRITE_ID_ATTRIBUTE]: writeId },
          ConditionExpression: condition,
          ExpressionAttributeNames: { '#v': 'inputsVersion' },
          ExpressionAttributeValues: values,
        },
        { abortSignal },
      ),
    );
  }

  private storedItem(fixtureId: string, opinion: Opinion, inputsVersion: number): StoredOpinion {
    return { ...opinion, fixtureId, inputsVersion, updatedAt: this.nowDate().toISOString() };
  }

  /** The stored inputsVersion and write id (strongly consistent), or undefined when there is no item. */
  private async storedVersion(
    fixtureId: string,
  ): Promise<{ version: number | undefined; writeId: unknown } | undefined> {
    const current = await this.call('GetItem', fixtureId, (abortSignal) =>
      this.o.dynamo.get(
        {
          TableName: this.o.tableName,
          Key: { fixtureId },
          ConsistentRead: true,
          ProjectionExpression: 'inputsVersion, #w',
          ExpressionAttributeNames: { '#w': WRITE_ID_ATTRIBUTE },
        },
        { abortSignal },
      ),
    );
    if (current.Item === undefined) return undefined;
    const raw: unknown = current.Item.inputsVersion;
    return { version: typeof raw === 'number' ? raw : undefined, writeId: current.Item[WRITE_ID_ATTRIBUTE] };
  }

  /**
   * One page of fixtures ordered by kickoff then fixtureId, from the `byStatusKickoff` index (eventually consistent,
   * like any GSI read): one key-condition query per status asked for, merged. Throws OpinionStoreError `UNAVAILABLE`.
   *
   * @example
   * const page = await store.list({ status: 'OPEN', limit: 50 });
   * const next = page.nextCursor && await store.list({ status: 'OPEN', limit: 50, after: decoded(page.nextCursor) });
   */
  async list(opts: ListOptions): Promise<FixtureList> {
    const statuses = opts.status !== undefined ? [opts.status] : (['OPEN', 'SUSPENDED'] as const);
    // limit + 1 per partition tells whether more remain without a second round trip.
    const pages = await Promise.all(
      statuses.map((status) => this.queryStatus(status, opts.limit + 1, opts.after)),
    );
    const merged = pages.flat().sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
    const page = merged.slice(0, opts.limit);
    const last = page[page.length - 1];
    return {
      fixtures: page.map((e) => e.summary),
      ...(merged.length > opts.limit && last !== undefined ? { nextCursor: encodeCursor(last.key) } : {}),
    };
  }

  private async queryStatus(
    status: 'OPEN' | 'SUSPENDED',
    want: number,
    after: string | undefined,
  ): Promise<{ key: string; summary: FixtureSummary }[]> {
    const query = this.o.dynamo.query?.bind(this.o.dynamo);
    if (query === undefined)
      throw new Error('the DynamoDB document client given to OpinionStore cannot query');
    const { listIndex } = OPINION_TABLE;
    const out: { key: string; summary: FixtureSummary }[] = [];
    let startKey: Record<string, unknown> | undefined;
    // A page of `want` small index items is far under DynamoDB's 1 MB response, but follow LastEvaluatedKey anyway.
    do {
      const res = await this.call('Query', `list:${status}`, (abortSignal) =>
        query(
          {
            TableName: this.o.tableName,
            IndexName: listIndex.name,
            KeyConditionExpression: after === undefined ? '#s = :s' : '#s = :s AND #k > :after',
            ExpressionAttributeNames: {
              '#s': listIndex.partitionKey,
              ...(after === undefined ? {} : { '#k': listIndex.sortKey }),
            },
            ExpressionAttributeValues: { ':s': status, ...(after === undefined ? {} : { ':after': after }) },
            Limit: want - out.length,
            ...(startKey !== undefined ? { ExclusiveStartKey: startKey } : {}),
          },
          { abortSignal },
        ),
      );
      for (const item of res.Items ?? []) {
        const entry = toSummary(item);
        if (entry) out.push(entry);
        else
          this.o.logger.error('list index item is malformed; left out of the list', {
            fixtureId: item.fixtureId,
          });
      }
      startKey = res.LastEvaluatedKey;
    } while (startKey !== undefined && out.length < want);
    return out;
  }

  /** Stops the DAX client's background cluster polling, if one was created (tests, the local server). */
  async close(): Promise<void> {
    const client = await this.daxClient?.catch(() => undefined);
    this.daxClient = undefined;
    (client as { shutdown?: () => void } | undefined)?.shutdown?.();
  }

  private dax(): Promise<DaxReadClient> | undefined {
    const factory = this.o.dax;
    if (!factory || this.now() < this.daxDownUntil) return undefined;
    // A failed creation is not cached: the next read after the cooldown tries again.
    this.daxClient ??= Promise.resolve()
      .then(factory)
      .catch((err: unknown) => {
        this.daxClient = undefined;
        throw err;
      });
    return this.daxClient;
  }

  /** Runs one DynamoDB call under an overall deadline and maps its failure to an OpinionStoreError. */
  private async call<T>(
    op: string,
    fixtureId: string,
    fn: (abortSignal: AbortSignal) => Promise<T>,
  ): Promise<T> {
    if (!this.breaker.allow()) {
      throw new OpinionStoreError(
        'UNAVAILABLE',
        `DynamoDB ${op} skipped for '${fixtureId}': the store did not answer the last calls (circuit breaker open)`,
        { fixtureId },
      );
    }
    const budgetMs = this.o.timeoutMs * 2;
    const abort = new AbortController();
    const timer = setTimeout(() => abort.abort(), budgetMs);
    try {
      const out = await withTimeout(fn(abort.signal), budgetMs + 50, `DynamoDB ${op}`);
      this.breaker.success();
      return out;
    } catch (err) {
      const name = (err as { name?: string } | undefined)?.name ?? '';
      if (name === 'ConditionalCheckFailedException') {
        this.breaker.success(); // the store answered
        throw new OpinionStoreError('VERSION_CONFLICT', `conditional write to '${fixtureId}' lost`, {
          cause: err,
          fixtureId,
        });
      }
      if (NON_TRANSIENT.has(name)) {
        this.breaker.success();
        throw err;
      }
      this.breaker.failure();
      throw new OpinionStoreError(
        'UNAVAILABLE',
        `DynamoDB ${op} failed for '${fixtureId}': ${describe(err)}`,
        {
          cause: err,
          fixtureId,
        },
      );
    } finally {
      clearTimeout(timer);
    }
  }

  private validate(fixtureId: string, item: Record<string, unknown>): StoredOpinion {
    const parsed = parseStoredItem(fixtureId, item);
    if (!parsed.ok) {
      this.o.logger.error('stored opinion is malformed', {
        fixtureId,
        table: this.o.tableName,
        issues: parsed.issues,
      });
      throw new OpinionStoreError('MALFORMED_ITEM', `stored opinion for '${fixtureId}' is malformed`, {
        fixtureId,
      });
    }
    return parsed.value;
  }

  private now(): number {
    return this.nowDate().getTime();
  }

  private nowDate(): Date {
    return this.o.now ? this.o.now() : new Date();
  }
}

/** A list index item as a list entry, or undefined when it lacks what an entry needs (logged by the caller). */
function toSummary(item: Record<string, unknown>): { key: string; summary: FixtureSummary } | undefined {
  const { fixtureId, status, inputsVersion, updatedAt, competition, kickoff, home, away, inPlay } = item;
  const key = item[OPINION_TABLE.listIndex.sortKey];
  const name = (team: unknown) =>
    typeof team === 'object' && team !== null ? (team as { name?: unknown }).name : undefined;
  const homeName = name(home);
  const awayName = name(away);
  const minute = minuteOf(inPlay);
  if (
    typeof key !== 'string' ||
    typeof fixtureId !== 'string' ||
    (status !== 'OPEN' && status !== 'SUSPENDED') ||
    typeof inputsVersion !== 'number' ||
    typeof updatedAt !== 'string' ||
    typeof homeName !== 'string' ||
    typeof awayName !== 'string'
  ) {
    return undefined;
  }
  return {
    key,
    summary: {
      fixtureId,
      ...(typeof competition === 'string' ? { competition } : {}),
      ...(typeof kickoff === 'string' ? { kickoff } : {}),
      status,
      inputsVersion,
      updatedAt,
      home: { name: homeName },
      away: { name: awayName },
      ...(minute !== undefined ? { inPlay: { minute } } : {}),
    },
  };
}

/** The minute of a stored in-play state (the list index projects `inPlay`), if the item has one. */
function minuteOf(inPlay: unknown): number | undefined {
  const minute =
    typeof inPlay === 'object' && inPlay !== null ? (inPlay as { minute?: unknown }).minute : undefined;
  return typeof minute === 'number' ? minute : undefined;
}

/** The item as written: the stored opinion plus the list index's sort key (reads drop it again: parseStoredItem). */
function withListKey(item: StoredOpinion): Record<string, unknown> {
  return { ...item, [OPINION_TABLE.listIndex.sortKey]: listKeyOf(item) };
}

function conflict(
  fixtureId: string,
  expected: number | '*',
  stored: number | undefined,
  cause?: unknown,
): OpinionStoreError {
  const storedText = stored === undefined ? 'no stored opinion' : `stored inputsVersion is ${stored}`;
  return new OpinionStoreError('VERSION_CONFLICT', `If-Match ${expected} does not match: ${storedText}`, {
    cause,
    fixtureId,
    storedVersion: stored,
  });
}

/**
 * The numbers in `value` that DynamoDB cannot store (a non-zero magnitude below 1e-130 or above 9.99e125, or not
 * finite), each with its path (`home.cards`, `players.0.goalShare`). Such a value passes the contract's ranges (a
 * `cards` of 1e-131 is within 0–8) but would make the write fail; the caller reports it as the client's error.
 */
export function unstorableNumbers(value: unknown, path = ''): ErrorDetail[] {
  if (typeof value === 'number') {
    const magnitude = Math.abs(value);
    const storable =
      Number.isFinite(value) &&
      (magnitude === 0 ||
        (magnitude >= DYNAMODB_MIN_MAGNITUDE && magnitude < DYNAMODB_MAX_MAGNITUDE_EXCLUSIVE));
    return storable
      ? []
      : [
          {
            path,
            message: 'must be 0 or between 1e-130 and 9.99e125 in magnitude (the store cannot hold it)',
          },
        ];
  }
  if (value === null || typeof value !== 'object') return [];
  const join = (key: string) => (path === '' ? key : `${path}.${key}`);
  if (Array.isArray(value)) return value.flatMap((v, i) => unstorableNumbers(v, join(String(i))));
  return Object.entries(value).flatMap(([k, v]) => unstorableNumbers(v, join(k)));
}

function describe(err: unknown): string {
  if (err instanceof Error) return `${err.name}: ${err.message}`;
  return String(err);
}
