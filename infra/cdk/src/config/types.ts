/** The three kinds of environment; production-only behaviour (deletion protection, multi-AZ) keys off this. */
export type EnvironmentName = 'dev' | 'staging' | 'prod';

/** Node-based ElastiCache (Valkey) replication group, cluster mode disabled: one primary plus replicas. */
export interface ReplicationGroupCacheConfig {
  readonly kind: 'replication-group';
  /** e.g. `cache.t4g.small`, `cache.r7g.large`. */
  readonly nodeType: string;
  /** Read replicas besides the primary; at least 1 turns on multi-AZ with automatic failover. */
  readonly replicas: number;
  /** Valkey major.minor engine version. */
  readonly engineVersion: string;
}

/** ElastiCache Serverless (Valkey): no nodes to size; cluster-mode endpoint, RBAC user. */
export interface ServerlessCacheConfig {
  readonly kind: 'serverless';
  readonly maxDataStorageGb: number;
  readonly maxEcpuPerSecond: number;
  /** Valkey major engine version. */
  readonly majorEngineVersion: string;
}

export type CacheConfig = ReplicationGroupCacheConfig | ServerlessCacheConfig;

export type DaxConfig =
  | { readonly enabled: false }
  | {
      readonly enabled: true;
      /** e.g. `dax.t3.small`, `dax.r5.large`. */
      readonly nodeType: string;
      /** 1 in dev; 3 or more (one per AZ) for production. */
      readonly nodeCount: number;
      /** DAX item-cache TTL: bounds how stale an opinion read through DAX can be (writes bypass DAX). */
      readonly itemTtlMs: number;
    };

/** How cold starts on the pricing function are avoided. */
export type WarmConfig =
  | { readonly mode: 'none' }
  | {
      readonly mode: 'keep-warm';
      /** Concurrent warm-up invocations per run (= containers kept warm). */
      readonly concurrency: number;
      readonly rateMinutes: number;
    }
  | {
      readonly mode: 'provisioned';
      /** Provisioned concurrency on the `live` alias at deploy time and the auto-scaling floor. */
      readonly minProvisioned: number;
      readonly maxProvisioned: number;
      /** Target-tracking on `LambdaProvisionedConcurrencyUtilization` (0.1 to 0.9). */
      readonly targetUtilization: number;
    };

export interface VpcConfig {
  /** IPv4 CIDR of the VPC, /16 to /24. */
  readonly cidr: string;
  /** Availability zones used (2 or 3); the committed cdk.context.json must list at least this many. */
  readonly azCount: number;
  /** Prefix length of each per-AZ subnet that holds the Lambda Hyperplane ENIs. */
  readonly lambdaSubnetMask: number;
  /** Prefix length of each per-AZ subnet that holds cache nodes, DAX nodes and interface endpoints. */
  readonly dataSubnetMask: number;
  /** Interface endpoints (service short names, e.g. `secretsmanager`) placed in the data subnets. */
  readonly interfaceEndpoints: readonly string[];
}

export interface IpCapacityConfig {
  /** Extra addresses, as a percentage of the computed need, that every subnet must still have free. */
  readonly headroomPercent: number;
  /** Peak concurrent executions assumed when the function has no reserved concurrency. */
  readonly assumedPeakConcurrency: number;
  /** Long-lived connections per execution environment (Redis + DAX + DynamoDB keep-alive). */
  readonly connectionsPerExecutionEnvironment: number;
}

export interface LambdaConfig {
  readonly memorySizeMiB: number;
  readonly architecture: 'arm64' | 'x86_64';
  readonly timeoutSeconds: number;
  /** Reserved concurrency of the pricing function; `undefined` = unreserved (account pool). */
  readonly reservedConcurrency?: number;
}

export interface ApiConfig {
  /** Source CIDRs allowed to call POST /v1/price and GET /v1/fixtures/{fixtureId}/markets (API Gateway resource policy). */
  readonly allowedSourceCidrs: readonly string[];
  readonly throttleRateLimit: number;
  readonly throttleBurstLimit: number;
  readonly waf: WafConfig;
  /**
   * One host name for every region of the environment (Route 53 latency-based records with a health check per
   * region). @default none: callers use each region's execute-api URL (stack output ApiUrl)
   */
  readonly customDomain?: CustomDomainConfig;
}

/**
 * A regional API Gateway custom domain in this region, mapped to the stage at the root (`https://<domainName>/v1/price`),
 * and this region's latency record for it. Every region of an environment names the same domain and zone.
 */
export interface CustomDomainConfig {
  /** e.g. `pricing.example.com`: inside the hosted zone. */
  readonly domainName: string;
  /** The public hosted zone that holds the records, in the environment's account. */
  readonly hostedZone: { readonly id: string; readonly name: string };
  /**
   * An ACM certificate for `domainName` in this region (a regional endpoint needs one in its own region).
   * @default a certificate created here, validated through a DNS record in the hosted zone
   */
  readonly certificateArn?: string;
}

/** The WebACL in front of the REST API stage. */
export interface WafConfig {
  /** Requests one source IP may send in any 5-minute window before WAF blocks it (rate-based rule, 10 or more). */
  readonly ratePer5MinPerIp: number;
  /** WAF log retention in days (CloudWatch log group `aws-waf-logs-…`). */
  readonly logRetentionDays: number;
}

/** Where alarm notifications go: someone must receive them, so one of the two is required. */
export type AlarmDestination =
  | { readonly kind: 'email'; readonly address: string }
  /** An existing SNS topic (e.g. the on-call paging integration's), in this account and region. */
  | { readonly kind: 'topic'; readonly topicArn: string };

export interface AlarmConfig {
  /** The p95 latency target of POST /v1/price in milliseconds. @default 100 */
  readonly p95LatencyTargetMs: number;
  /** 5xx responses as a percentage of requests that raises the alarm. */
  readonly fiveXxRatePercent: number;
  /** 4xx responses of POST /v1/price as a percentage of its requests (a broken allow-list answers 100% 403). */
  readonly fourXxRatePercent: number;
  /** Fewer POST /v1/price requests than this per 5 minutes raises the low-traffic alarm (0 turns it off). */
  readonly minRequestsPer5Min: number;
  /** Primer stream lag (IteratorAge maximum) that raises the alarm, in milliseconds. */
  readonly maxIteratorAgeMs: number;
  readonly destination: AlarmDestination;
}

/** Account-level Lambda quotas of the environment's account in its region (Service Quotas, per region). */
export interface QuotaConfig {
  /** "Concurrent executions" quota. @default 1000 (the default of a new account; raise it in Service Quotas first) */
  readonly accountConcurrency: number;
}

/** One deployable environment in one account and region: adding a region is one more of these. */
export interface EnvironmentConfig {
  readonly name: EnvironmentName;
  /** 12-digit AWS account id. */
  readonly account: string;
  readonly region: string;
  readonly vpc: VpcConfig;
  readonly ipCapacity: IpCapacityConfig;
  readonly cache: CacheConfig;
  readonly dax: DaxConfig;
  readonly lambda: LambdaConfig;
  readonly warm: WarmConfig;
  readonly api: ApiConfig;
  readonly alarms: AlarmConfig;
  readonly quotas: QuotaConfig;
  /** The fixture the pipeline's post-deploy smoke test writes (home region) and prices (every region). */
  readonly smokeTestFixtureId: string;
}

/**
 * Lambda keeps this much of the account's concurrency unreserved whatever the quota: reservations above
 * `quota - 100` are refused by the Lambda API (PutFunctionConcurrency).
 */
export const UNRESERVED_CONCURRENCY_FLOOR = 100;

/**
 * Reserved concurrency of the quote-verify function for a pricing reservation: a quarter of it (at least 5), none when
 * pricing is unreserved. One definition for the function (QuoteVerification) and the quota check (validateConfig), so the
 * check counts what is deployed.
 *
 * @example
 * verifyReservationOf(700); // 175
 */
export function verifyReservationOf(pricingReservation: number | undefined): number | undefined {
  return pricingReservation === undefined ? undefined : Math.max(5, Math.floor(pricingReservation / 4));
}

/** Where the pipeline lives and what it builds from. */
export interface PipelineConfig {
  readonly account: string;
  readonly region: string;
  /** `owner/repo` of the source repository. */
  readonly repository: string;
  readonly branch: string;
  /** ARN of the CodeConnections (CodeStar) connection to the repository host. */
  readonly connectionArn: string;
}

/**
 * Where an environment's opinions live: one DynamoDB global table per environment name, written in its home
 * region (the first listed entry of that name) and replicated to every other region of that name (ADR 0008).
 */
export interface DataPlacement {
  /** The region whose replica takes every write (trader routes elsewhere answer 421 WRONG_REGION). */
  readonly homeRegion: string;
  /** Every region of the environment, home first. */
  readonly regions: readonly string[];
  /** The global table's name, the same in every region. */
  readonly tableName: string;
}

/**
 * The data placement of `env` among `all` (entries with the same `name` share one global table).
 *
 * @example
 * dataPlacementOf(prodIreland, environments); // { homeRegion: 'eu-west-1', regions: ['eu-west-1', 'eu-central-1'], tableName: 'betbuilder-prod-opinions' }
 */
export function dataPlacementOf(
  env: Pick<EnvironmentConfig, 'name' | 'region'>,
  all: readonly Pick<EnvironmentConfig, 'name' | 'region'>[],
): DataPlacement {
  const regions = all.filter((e) => e.name === env.name).map((e) => e.region);
  if (!regions.includes(env.region)) regions.push(env.region);
  return { homeRegion: regions[0] ?? env.region, regions, tableName: `betbuilder-${env.name}-opinions` };
}

/** The stable id of an environment: `<name>-<region>`, used in stage and stack names. */
export function environmentId(config: Pick<EnvironmentConfig, 'name' | 'region'>): string {
  return `${config.name}-${config.region}`;
}
