/**
 * Every environment variable the pricing, opinion, primer and quote-verify functions read, by name. `loadConfig` validates exactly
 * these keys (its schema `satisfies` this map), and the CDK stacks build each function's environment as a
 * {@link DeployedEnvironment}, so a variable renamed or added on one side fails the other side's typecheck.
 * Values are the raw strings Lambda passes; `loadConfig` documents and checks each one.
 */
export interface PricingEnvironment {
  readonly TABLE_NAME?: string;
  /** Set by Lambda itself; a local default elsewhere. */
  readonly AWS_REGION?: string;
  /** Local stand-ins only (dynalite, DynamoDB Local). */
  readonly DYNAMODB_ENDPOINT?: string;
  /** `daxs://…` cluster discovery endpoint: price function only. */
  readonly DAX_ENDPOINT?: string;
  /** Local stand-ins only (`redis://127.0.0.1:6379`). */
  readonly REDIS_URL?: string;
  readonly REDIS_HOST?: string;
  readonly REDIS_PORT?: string;
  readonly REDIS_TLS?: 'true' | 'false' | '1' | '0' | '';
  readonly REDIS_CLUSTER?: 'true' | 'false' | '1' | '0' | '';
  readonly REDIS_USERNAME?: string;
  readonly REDIS_AUTH_SECRET_ARN?: string;
  readonly MODEL_L1_MAX_MB?: string;
  readonly MODEL_L2_TIMEOUT_MS?: string;
  readonly OPINION_CACHE_TTL_MS?: string;
  readonly OPINION_STALE_IF_ERROR_MS?: string;
  readonly CURRENT_VERSION_TTL_MS?: string;
  readonly IN_PLAY_PRIMER_WAIT_MS?: string;
  readonly DEPENDENCY_TIMEOUT_MS?: string;
  /** Secrets Manager secret with the quote signing keys: price and verify functions only. */
  readonly QUOTE_KEY_SECRET_ARN?: string;
  readonly QUOTE_TTL_MS?: string;
  readonly QUOTE_IN_PLAY_TTL_MS?: string;
  readonly QUOTE_KEY_MAX_AGE_MS?: string;
  /**
   * Local stand-ins only: the quote key secret's JSON itself, so several local processes (the load test's containers)
   * sign and verify with one key. Never deployed (a key in an environment variable is readable by anyone who can read
   * the function's configuration).
   */
  readonly QUOTE_KEYS?: string;
  /**
   * Local stand-ins only: an HTTP endpoint speaking DynamoDB's protocol that plays DAX (the load test's item-cache
   * stand-in). Eventually consistent reads go there, writes and consistent reads to `DYNAMODB_ENDPOINT`, as they go
   * to DAX and DynamoDB in AWS. Ignored when `DAX_ENDPOINT` is set.
   */
  readonly DAX_HTTP_ENDPOINT?: string;
  readonly POWERTOOLS_SERVICE_NAME?: string;
  readonly POWERTOOLS_METRICS_NAMESPACE?: string;
  readonly POWERTOOLS_LOG_LEVEL?: string;
}

/**
 * What a deployment may set: Lambda reserves `AWS_REGION`, and the local endpoints never point at AWS.
 *
 * @example
 * const env: DeployedEnvironment = { TABLE_NAME: table.tableName, MODEL_L2_TIMEOUT_MS: '50' };
 */
export type DeployedEnvironment = Omit<
  PricingEnvironment,
  'AWS_REGION' | 'DYNAMODB_ENDPOINT' | 'REDIS_URL' | 'QUOTE_KEYS' | 'DAX_HTTP_ENDPOINT'
>;
