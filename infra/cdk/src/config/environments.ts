import type { EnvironmentConfig, PipelineConfig } from './types';

// Accounts are placeholders (12 digits, no real AWS account): replace them with yours before deploying.
const DEV_ACCOUNT = '111111111111';
const STAGING_ACCOUNT = '222222222222';
const PROD_ACCOUNT = '333333333333';
const TOOLING_ACCOUNT = '444444444444';

// RFC 5737 documentation ranges stand in for the sportsbook's egress addresses.
const SPORTSBOOK_CIDRS = ['203.0.113.0/24', '198.51.100.0/24'];

/** Defaults shared by every environment; each entry overrides what differs. */
const base = {
  ipCapacity: { headroomPercent: 100, assumedPeakConcurrency: 1000, connectionsPerExecutionEnvironment: 3 },
  lambda: { memorySizeMiB: 1769, architecture: 'arm64', timeoutSeconds: 10 },
  alarms: {
    p95LatencyTargetMs: 100,
    fiveXxRatePercent: 1,
    fourXxRatePercent: 5,
    minRequestsPer5Min: 0,
    maxIteratorAgeMs: 60_000,
  },
  // The default "Concurrent executions" quota of a new account: raise it in Service Quotas before configuring more.
  quotas: { accountConcurrency: 1000 },
  smokeTestFixtureId: 'smoke-test-fixture',
} as const;

/** WAF per environment: sources outside the sportsbook ranges (traders, scanners) get this many requests per 5 min. */
const WAF = { ratePer5MinPerIp: 1000, logRetentionDays: 90 } as const;
/** Placeholder on-call address (replace with yours; the subscription must be confirmed from the mailbox). */
const ONCALL_EMAIL = 'pricing-oncall@example.com';

/** Production is identical in every region except for the region, the VPC range and whether it takes traffic yet. */
function prod(
  region: string,
  cidr: string,
  /**
   * Fewer price requests per 5 minutes than this alarms (0: no low-traffic alarm). 0 for a region that takes no price
   * traffic yet (a standby replica until the sportsbook calls it or `api.customDomain` routes to it by latency), where
   * the alarm would page from its first evaluation on; 100 once it serves.
   */
  minRequestsPer5Min = 100,
): EnvironmentConfig {
  return {
    ...base,
    name: 'prod',
    account: PROD_ACCOUNT,
    region,
    vpc: {
      cidr,
      azCount: 3,
      lambdaSubnetMask: 22,
      dataSubnetMask: 24,
      interfaceEndpoints: ['secretsmanager'],
    },
    ipCapacity: { ...base.ipCapacity, assumedPeakConcurrency: 3000 },
    cache: { kind: 'replication-group', nodeType: 'cache.r7g.large', replicas: 2, engineVersion: '8.0' },
    dax: { enabled: true, nodeType: 'dax.r5.large', nodeCount: 3, itemTtlMs: 1000 },
    // Must fit the account quota with 100 left unreserved (validated): pricing 700 + quote verify 175 (a quarter) = 875
    // of the default 1000.
    lambda: { ...base.lambda, reservedConcurrency: 700 },
    warm: { mode: 'provisioned', minProvisioned: 10, maxProvisioned: 200, targetUtilization: 0.7 },
    api: {
      allowedSourceCidrs: SPORTSBOOK_CIDRS,
      throttleRateLimit: 5000,
      throttleBurstLimit: 2500,
      waf: WAF,
    },
    alarms: {
      ...base.alarms,
      minRequestsPer5Min,
      destination: { kind: 'email', address: ONCALL_EMAIL },
    },
  };
}

/**
 * Every environment and region the service is deployed to. Adding a region or an environment is one
 * entry here plus its availability zones in infra/cdk/cdk.context.json (synth says so if they are missing).
 * Entries with the same name share one DynamoDB global table whose home (write) region is the first of them.
 */
export const environments: readonly EnvironmentConfig[] = [
  {
    ...base,
    name: 'dev',
    account: DEV_ACCOUNT,
    region: 'eu-west-1',
    vpc: {
      cidr: '10.10.0.0/20',
      azCount: 2,
      lambdaSubnetMask: 24,
      dataSubnetMask: 26,
      interfaceEndpoints: ['secretsmanager'],
    },
    cache: { kind: 'replication-group', nodeType: 'cache.t4g.small', replicas: 0, engineVersion: '8.0' },
    dax: { enabled: false },
    lambda: { ...base.lambda, reservedConcurrency: 50 },
    warm: { mode: 'keep-warm', concurrency: 2, rateMinutes: 5 },
    api: { allowedSourceCidrs: SPORTSBOOK_CIDRS, throttleRateLimit: 100, throttleBurstLimit: 50, waf: WAF },
    alarms: { ...base.alarms, destination: { kind: 'email', address: ONCALL_EMAIL } },
  },
  {
    ...base,
    name: 'staging',
    account: STAGING_ACCOUNT,
    region: 'eu-west-1',
    vpc: {
      cidr: '10.20.0.0/18',
      azCount: 3,
      lambdaSubnetMask: 22,
      dataSubnetMask: 24,
      interfaceEndpoints: ['secretsmanager'],
    },
    cache: { kind: 'serverless', maxDataStorageGb: 10, maxEcpuPerSecond: 100_000, majorEngineVersion: '8' },
    dax: { enabled: true, nodeType: 'dax.t3.medium', nodeCount: 3, itemTtlMs: 1000 },
    lambda: { ...base.lambda, reservedConcurrency: 500 },
    warm: { mode: 'keep-warm', concurrency: 5, rateMinutes: 5 },
    api: {
      allowedSourceCidrs: SPORTSBOOK_CIDRS,
      throttleRateLimit: 1000,
      throttleBurstLimit: 500,
      waf: WAF,
    },
    alarms: { ...base.alarms, destination: { kind: 'email', address: ONCALL_EMAIL } },
  },
  prod('eu-west-1', '10.30.0.0/16'),
  // The replica region serves prices only once traffic is sent to it (no custom domain is configured): no low-traffic
  // alarm until then.
  prod('eu-central-1', '10.31.0.0/16', 0),
];

/** The delivery pipeline (tooling account): source connection and where it runs. */
export const pipelineConfig: PipelineConfig = {
  account: TOOLING_ACCOUNT,
  region: 'eu-west-1',
  repository: 'betbuilder/bet-builder-pricing',
  branch: 'main',
  connectionArn: `arn:aws:codeconnections:eu-west-1:${TOOLING_ACCOUNT}:connection/00000000-0000-4000-8000-000000000000`,
};
