import { blockSize, hasHostBits, overlaps, parseCidr } from './cidr';
import { EnvironmentConfigError, type ConfigIssue } from './EnvironmentConfigError';
import { environmentId, type EnvironmentConfig, type PipelineConfig } from './types';

const ACCOUNT_RE = /^\d{12}$/;
const REGION_RE = /^[a-z]{2}(-gov)?-[a-z]+-\d$/;
const FIXTURE_RE = /^[a-z0-9][a-z0-9-]{2,63}$/;
const ENDPOINT_RE = /^[a-z0-9][a-z0-9.-]*$/;

/**
 * Checks one environment and returns every problem found (empty when valid). Messages are lowercase,
 * name the bad value and say how to fix it.
 *
 * @example
 * validateEnvironment({ ...dev, vpc: { ...dev.vpc, cidr: '10.0.0.0/26' } });
 * // => [{ where: 'dev-eu-west-1: vpc', message: 'cidr 10.0.0.0/26 cannot hold the subnets: ...' }]
 */
export function validateEnvironment(env: EnvironmentConfig): ConfigIssue[] {
  const id = environmentId(env);
  const issues: ConfigIssue[] = [];
  const fail = (field: string, message: string): void => {
    issues.push({ where: `${id}: ${field}`, message });
  };

  if (!ACCOUNT_RE.test(env.account)) fail('account', `account '${env.account}' must be 12 digits`);
  if (!REGION_RE.test(env.region))
    fail('region', `region '${env.region}' is not an aws region name like eu-west-1`);

  // VPC and subnets
  const vpc = parseCidr(env.vpc.cidr);
  if (!vpc) {
    fail('vpc.cidr', `cidr '${env.vpc.cidr}' is not an ipv4 cidr like 10.0.0.0/16`);
  } else {
    if (vpc.prefix < 16 || vpc.prefix > 24)
      fail('vpc.cidr', `cidr ${env.vpc.cidr} must be between /16 and /24`);
    if (hasHostBits(vpc)) fail('vpc.cidr', `cidr ${env.vpc.cidr} has host bits set; use the network address`);
    for (const [field, mask] of [
      ['vpc.lambdaSubnetMask', env.vpc.lambdaSubnetMask],
      ['vpc.dataSubnetMask', env.vpc.dataSubnetMask],
    ] as const) {
      if (!Number.isInteger(mask) || mask < vpc.prefix || mask > 28) {
        fail(field, `subnet mask /${mask} must be a whole number between /${vpc.prefix} (the vpc) and /28`);
      }
    }
    const needed =
      env.vpc.azCount * (blockSize(env.vpc.lambdaSubnetMask) + blockSize(env.vpc.dataSubnetMask));
    if (needed > blockSize(vpc.prefix)) {
      fail(
        'vpc',
        `cidr ${env.vpc.cidr} cannot hold the subnets: ${env.vpc.azCount} az x (/${env.vpc.lambdaSubnetMask} + /${env.vpc.dataSubnetMask}) ` +
          `needs ${needed} addresses but the vpc has ${blockSize(vpc.prefix)}; use a larger cidr or smaller subnets`,
      );
    }
  }
  if (!Number.isInteger(env.vpc.azCount) || env.vpc.azCount < 2 || env.vpc.azCount > 3) {
    fail(
      'vpc.azCount',
      `azCount ${env.vpc.azCount} must be 2 or 3 (cache and dax subnet groups need two azs)`,
    );
  }
  for (const e of env.vpc.interfaceEndpoints) {
    if (!ENDPOINT_RE.test(e))
      fail('vpc.interfaceEndpoints', `'${e}' is not a service short name like secretsmanager`);
  }
  if (new Set(env.vpc.interfaceEndpoints).size !== env.vpc.interfaceEndpoints.length) {
    fail('vpc.interfaceEndpoints', 'interface endpoints are listed twice');
  }

  // IP capacity inputs
  if (env.ipCapacity.headroomPercent < 0)
    fail('ipCapacity.headroomPercent', 'headroomPercent must be 0 or more');
  if (env.ipCapacity.assumedPeakConcurrency < 1)
    fail('ipCapacity.assumedPeakConcurrency', 'assumedPeakConcurrency must be at least 1');
  if (env.ipCapacity.connectionsPerExecutionEnvironment < 1) {
    fail(
      'ipCapacity.connectionsPerExecutionEnvironment',
      'connectionsPerExecutionEnvironment must be at least 1',
    );
  }

  // Cache
  if (env.cache.kind === 'replication-group') {
    if (!/^cache\.[a-z0-9]+\.[a-z0-9]+$/.test(env.cache.nodeType)) {
      fail('cache.nodeType', `'${env.cache.nodeType}' is not a cache node type like cache.t4g.small`);
    }
    if (!Number.isInteger(env.cache.replicas) || env.cache.replicas < 0 || env.cache.replicas > 5) {
      fail('cache.replicas', `replicas ${env.cache.replicas} must be a whole number from 0 to 5`);
    }
    if (env.name === 'prod' && env.cache.replicas < 1) {
      fail('cache.replicas', 'prod needs at least 1 replica for multi-az automatic failover');
    }
  } else {
    if (env.cache.maxDataStorageGb < 1) fail('cache.maxDataStorageGb', 'maxDataStorageGb must be at least 1');
    if (env.cache.maxEcpuPerSecond < 1000)
      fail('cache.maxEcpuPerSecond', 'maxEcpuPerSecond must be at least 1000');
  }

  // DAX
  if (env.dax.enabled) {
    if (!/^dax\.[a-z0-9]+\.[a-z0-9]+$/.test(env.dax.nodeType)) {
      fail('dax.nodeType', `'${env.dax.nodeType}' is not a dax node type like dax.t3.small`);
    }
    if (!Number.isInteger(env.dax.nodeCount) || env.dax.nodeCount < 1 || env.dax.nodeCount > 11) {
      fail('dax.nodeCount', `nodeCount ${env.dax.nodeCount} must be a whole number from 1 to 11`);
    }
    if (env.name === 'prod' && env.dax.nodeCount < 3) {
      fail('dax.nodeCount', `prod needs at least 3 dax nodes (one per az), got ${env.dax.nodeCount}`);
    }
    if (env.dax.itemTtlMs < 0) fail('dax.itemTtlMs', 'itemTtlMs must be 0 or more');
  }

  // Lambda
  if (env.lambda.memorySizeMiB < 128 || env.lambda.memorySizeMiB > 10240) {
    fail('lambda.memorySizeMiB', `memorySizeMiB ${env.lambda.memorySizeMiB} must be between 128 and 10240`);
  }
  if (env.lambda.timeoutSeconds < 1 || env.lambda.timeoutSeconds > 29) {
    fail(
      'lambda.timeoutSeconds',
      `timeoutSeconds ${env.lambda.timeoutSeconds} must be 1 to 29 (api gateway's integration limit)`,
    );
  }
  if (env.lambda.reservedConcurrency !== undefined && env.lambda.reservedConcurrency < 1) {
    fail(
      'lambda.reservedConcurrency',
      'reservedConcurrency must be at least 1 (0 would disable the function)',
    );
  }

  // Warm
  const reserved = env.lambda.reservedConcurrency;
  if (env.warm.mode === 'keep-warm') {
    if (env.warm.concurrency < 1 || env.warm.concurrency > 100) {
      fail(
        'warm.concurrency',
        `keep-warm concurrency ${env.warm.concurrency} must be 1 to 100; use provisioned mode for more`,
      );
    }
    if (!Number.isInteger(env.warm.rateMinutes) || env.warm.rateMinutes < 1 || env.warm.rateMinutes > 15) {
      fail(
        'warm.rateMinutes',
        `rateMinutes ${env.warm.rateMinutes} must be a whole number from 1 to 15 (idle containers are reclaimed after minutes)`,
      );
    }
    if (reserved !== undefined && env.warm.concurrency > reserved) {
      fail(
        'warm.concurrency',
        `keep-warm concurrency ${env.warm.concurrency} exceeds reservedConcurrency ${reserved}`,
      );
    }
  } else if (env.warm.mode === 'provisioned') {
    if (env.warm.minProvisioned < 1 || env.warm.minProvisioned > env.warm.maxProvisioned) {
      fail(
        'warm',
        `provisioned concurrency needs 1 <= minProvisioned (${env.warm.minProvisioned}) <= maxProvisioned (${env.warm.maxProvisioned})`,
      );
    }
    if (env.warm.targetUtilization < 0.1 || env.warm.targetUtilization > 0.9) {
      fail(
        'warm.targetUtilization',
        `targetUtilization ${env.warm.targetUtilization} must be between 0.1 and 0.9`,
      );
    }
    if (reserved !== undefined && env.warm.maxProvisioned > reserved) {
      fail(
        'warm.maxProvisioned',
        `maxProvisioned ${env.warm.maxProvisioned} exceeds reservedConcurrency ${reserved}`,
      );
    }
  }

  // API
  if (env.api.allowedSourceCidrs.length === 0) {
    fail('api.allowedSourceCidrs', 'at least one source cidr must be allowed to call post /v1/price');
  }
  for (const c of env.api.allowedSourceCidrs) {
    const parsed = parseCidr(c);
    if (!parsed) fail('api.allowedSourceCidrs', `'${c}' is not an ipv4 cidr like 203.0.113.0/24`);
    else if (parsed.prefix === 0)
      fail('api.allowedSourceCidrs', `'${c}' allows the whole internet; list the sportsbook's ranges`);
  }
  if (env.api.throttleRateLimit < 1 || env.api.throttleBurstLimit < 1) {
    fail('api', 'throttleRateLimit and throttleBurstLimit must be at least 1');
  }

  // Alarms and smoke test
  if (!(env.alarms.p95LatencyTargetMs > 0))
    fail('alarms.p95LatencyTargetMs', 'p95LatencyTargetMs must be above 0');
  if (!(env.alarms.fiveXxRatePercent > 0 && env.alarms.fiveXxRatePercent <= 100)) {
    fail('alarms.fiveXxRatePercent', 'fiveXxRatePercent must be above 0 and at most 100');
  }
  if (!FIXTURE_RE.test(env.smokeTestFixtureId)) {
    fail('smokeTestFixtureId', `'${env.smokeTestFixtureId}' is not a fixture id (^[a-z0-9][a-z0-9-]{2,63}$)`);
  }
  return issues;
}

/**
 * Validates the whole list (each environment, unique ids, non-overlapping VPCs within an account)
 * and the pipeline; throws one EnvironmentConfigError listing every issue.
 *
 * @example
 * validateEnvironments(environments, pipeline); // throws EnvironmentConfigError when anything is wrong
 */
export function validateEnvironments(envs: readonly EnvironmentConfig[], pipeline?: PipelineConfig): void {
  const issues: ConfigIssue[] = envs.flatMap(validateEnvironment);
  if (envs.length === 0) issues.push({ where: 'environments', message: 'the environment list is empty' });

  const seen = new Map<string, number>();
  for (const env of envs) seen.set(environmentId(env), (seen.get(environmentId(env)) ?? 0) + 1);
  for (const [id, n] of seen) {
    if (n > 1)
      issues.push({
        where: id,
        message: `environment ${id} is listed ${n} times; one entry per name and region`,
      });
  }

  // VPCs in one account may be peered or share a transit gateway later: keep their ranges apart.
  for (let i = 0; i < envs.length; i++) {
    for (let j = i + 1; j < envs.length; j++) {
      const a = envs[i];
      const b = envs[j];
      if (!a || !b || a.account !== b.account) continue;
      const ca = parseCidr(a.vpc.cidr);
      const cb = parseCidr(b.vpc.cidr);
      if (ca && cb && overlaps(ca, cb)) {
        issues.push({
          where: `${environmentId(a)}: vpc.cidr`,
          message: `cidr ${a.vpc.cidr} overlaps ${environmentId(b)}'s ${b.vpc.cidr} in the same account; give each vpc its own range`,
        });
      }
    }
  }

  if (pipeline) {
    if (!ACCOUNT_RE.test(pipeline.account))
      issues.push({ where: 'pipeline: account', message: `account '${pipeline.account}' must be 12 digits` });
    if (!REGION_RE.test(pipeline.region))
      issues.push({
        where: 'pipeline: region',
        message: `region '${pipeline.region}' is not an aws region name`,
      });
    if (!/^[\w.-]+\/[\w.-]+$/.test(pipeline.repository)) {
      issues.push({
        where: 'pipeline: repository',
        message: `repository '${pipeline.repository}' must be owner/name`,
      });
    }
    if (
      !/^arn:aws[\w-]*:(codestar-connections|codeconnections):[a-z0-9-]+:\d{12}:connection\/[\w-]+$/.test(
        pipeline.connectionArn,
      )
    ) {
      issues.push({
        where: 'pipeline: connectionArn',
        message: `'${pipeline.connectionArn}' is not a codeconnections/codestar-connections connection arn`,
      });
    }
  }

  if (issues.length > 0) throw new EnvironmentConfigError(issues);
}
