/** Redis (ElastiCache / Valkey) connection settings; absent when no Redis is configured (L1 only). */
export interface RedisConfig {
  readonly url: string | undefined;
  readonly host: string | undefined;
  readonly port: number;
  readonly tls: boolean;
  readonly cluster: boolean;
  readonly username: string | undefined;
  /** Secrets Manager secret holding the AUTH token, read once per container. */
  readonly authSecretArn: string | undefined;
}

/** The pricing Lambda's validated environment (see `loadConfig`). */
export interface Config {
  readonly tableName: string;
  readonly region: string;
  /** Local DynamoDB (dynalite) endpoint; undefined in AWS. */
  readonly dynamodbEndpoint: string | undefined;
  /** `dax://` or `daxs://` cluster discovery endpoint; reads go through DAX when set. */
  readonly daxEndpoint: string | undefined;
  /** Local only: a DynamoDB-protocol stand-in for DAX (`DAX_HTTP_ENDPOINT`); undefined in AWS. */
  readonly daxHttpEndpoint?: string | undefined;
  readonly redis: RedisConfig | undefined;
  readonly modelL1MaxBytes: number;
  /** Bound on one L2 (Redis) operation of the model cache; past it the read counts as a miss. */
  readonly modelL2TimeoutMs: number;
  /** How long a price container may reuse an opinion it read (0 = never). */
  readonly opinionCacheTtlMs: number;
  /** How long past its TTL a cached opinion may still be served when the store is unreachable (0 = never). */
  readonly opinionStaleIfErrorMs: number;
  /**
   * Lifetime of a fixture's current-version pointer in Redis (tiered mode): bounds how long prices can lag the table
   * if the primer stops. 0 = no pointers (prices read the opinion from the table).
   */
  readonly currentVersionTtlMs: number;
  /**
   * How long a price of an in-play version whose model is in neither L1 nor L2 waits for the primer's build (polling
   * L2) before building it itself under the lock (ADR 0027). 0 = build at once.
   */
  readonly inPlayPrimerWaitMs: number;
  /** Per-attempt budget for DynamoDB / DAX / Redis warm-up calls. */
  readonly dependencyTimeoutMs: number;
  /** Secrets Manager secret with the quote signing keys; undefined = a key generated at start (local only). */
  readonly quoteKeySecretArn: string | undefined;
  /** Lifetime of a pre-match quote. */
  readonly quoteTtlMs: number;
  /** Lifetime of an in-play quote. */
  readonly quoteInPlayTtlMs: number;
  /** How long a container keeps the quote keys before re-reading the secret (in the background). */
  readonly quoteKeyMaxAgeMs: number;
  /** Local only: the key secret's JSON itself, shared by several local processes (never deployed). */
  readonly quoteKeys: string | undefined;
  readonly serviceName: string;
  readonly metricsNamespace: string;
  readonly logLevel: string | undefined;
}
