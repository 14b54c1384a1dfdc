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
}

export interface AlarmConfig {
  /** The p95 latency target of POST /v1/price in milliseconds. @default 100 */
  readonly p95LatencyTargetMs: number;
  /** 5xx responses as a percentage of requests that raises the alarm. */
  readonly fiveXxRatePercent: number;
  /** Optional e-mail subscribed to the alarm topic. */
  readonly email?: string;
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
  /** A fixture that is seeded in this environment, priced by the pipeline's post-deploy smoke test. */
  readonly smokeTestFixtureId: string;
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

/** The stable id of an environment: `<name>-<region>`, used in stage and stack names. */
export function environmentId(config: Pick<EnvironmentConfig, 'name' | 'region'>): string {
  return `${config.name}-${config.region}`;
}
