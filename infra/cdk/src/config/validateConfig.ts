import { blockSize, hasHostBits, overlaps, parseCidr } from './cidr';
import { EnvironmentConfigError, type ConfigIssue } from './EnvironmentConfigError';
import {
  environmentId,
  UNRESERVED_CONCURRENCY_FLOOR,
  verifyReservationOf,
  type EnvironmentConfig,
  type PipelineConfig,
} from './types';

const ACCOUNT_RE = /^\d{12}$/;
const REGION_RE = /^[a-z]{2}(-gov)?-[a-z]+-\d$/;
const FIXTURE_RE = /^[a-z0-9][a-z0-9-]{2,63}$/;
const ENDPOINT_RE = /^[a-z0-9][a-z0-9.-]*$/;
const EMAIL_RE = /^[^@\s]+@[^@\s]+\.[^@\s]+$/;
const TOPIC_ARN_RE = /^arn:aws[\w-]*:sns:([a-z0-9-]+):(\d{12}):[\w-]{1,256}$/;
const DOMAIN_RE = /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/;
const HOSTED_ZONE_ID_RE = /^Z[A-Z0-9]{1,31}$/;
const CERTIFICATE_ARN_RE = /^arn:aws[\w-]*:acm:([a-z0-9-]+):\d{12}:certificate\/[\w-]+$/;
/** The retention periods CloudWatch Logs accepts (`RetentionInDays`); any other value fails the log group's creation. */
const LOG_RETENTION_DAYS: readonly number[] = [
  1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653,
];
/** Functions of the api stack with a fixed reservation besides the pricing function (keep-warm: one run at a time). */
const KEEP_WARM_RESERVED = 1;

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

  const domain = env.api.customDomain;
  if (domain) {
    const zone = domain.hostedZone.name.replace(/\.$/, '');
    if (!DOMAIN_RE.test(domain.domainName))
      fail(
        'api.customDomain.domainName',
        `'${domain.domainName}' is not a lowercase dns name like pricing.example.com`,
      );
    else if (domain.domainName !== zone && !domain.domainName.endsWith(`.${zone}`))
      fail(
        'api.customDomain',
        `${domain.domainName} is not inside the hosted zone ${zone}; use a name in that zone or its zone`,
      );
    if (!HOSTED_ZONE_ID_RE.test(domain.hostedZone.id))
      fail(
        'api.customDomain.hostedZone.id',
        `'${domain.hostedZone.id}' is not a route 53 hosted zone id like Z0123456789ABCDEFGHIJ`,
      );
    if (domain.certificateArn !== undefined) {
      const m = CERTIFICATE_ARN_RE.exec(domain.certificateArn);
      if (!m)
        fail('api.customDomain.certificateArn', `'${domain.certificateArn}' is not an acm certificate arn`);
      else if (m[1] !== env.region)
        fail(
          'api.customDomain.certificateArn',
          `the certificate is in ${m[1]}, but a regional custom domain needs one in ${env.region}: request or import it there, or leave certificateArn out to create one`,
        );
    }
  }

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
    // DAX CreateCluster: ReplicationFactor 1 (one node, no replica) or 3 to 10 (a primary and 2-9 read replicas).
    const n = env.dax.nodeCount;
    if (!Number.isInteger(n) || !(n === 1 || (n >= 3 && n <= 10))) {
      fail(
        'dax.nodeCount',
        `nodeCount ${n} must be 1 or a whole number from 3 to 10 (DAX's replication factor)`,
      );
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
  if (!Number.isInteger(env.api.waf.ratePer5MinPerIp) || env.api.waf.ratePer5MinPerIp < 10) {
    fail(
      'api.waf.ratePer5MinPerIp',
      `ratePer5MinPerIp ${env.api.waf.ratePer5MinPerIp} must be a whole number of at least 10 (the lowest limit waf accepts)`,
    );
  }
  if (!LOG_RETENTION_DAYS.includes(env.api.waf.logRetentionDays)) {
    fail(
      'api.waf.logRetentionDays',
      `logRetentionDays ${env.api.waf.logRetentionDays} is not a retention cloudwatch logs accepts; use one of ${LOG_RETENTION_DAYS.join(', ')}`,
    );
  }

  // Quotas: reserved concurrency is carved out of the account's regional quota, and lambda keeps 100 unreserved.
  const quota = env.quotas.accountConcurrency;
  if (!Number.isInteger(quota) || quota < 1000) {
    fail(
      'quotas.accountConcurrency',
      `accountConcurrency ${quota} must be a whole number of at least 1000 (the standard default; a new account starts lower: request 1000 or more in service quotas before the first deploy)`,
    );
  } else {
    // Every reservation the api stack makes in this account and region: pricing, quote verify, keep-warm.
    const verify = verifyReservationOf(reserved) ?? 0;
    const keepWarm = env.warm.mode === 'keep-warm' ? KEEP_WARM_RESERVED : 0;
    const reservedTotal = (reserved ?? 0) + verify + keepWarm;
    const reservable = quota - UNRESERVED_CONCURRENCY_FLOOR;
    if (reservedTotal > reservable) {
      const parts = [
        `pricing ${reserved ?? 0}`,
        ...(verify > 0 ? [`quote verify ${verify}`] : []),
        ...(keepWarm > 0 ? [`keep-warm ${keepWarm}`] : []),
      ];
      fail(
        'lambda.reservedConcurrency',
        `reserved concurrency ${reservedTotal} (${parts.join(' + ')}) exceeds ` +
          `${reservable}, the account quota ${quota} minus the ${UNRESERVED_CONCURRENCY_FLOOR} lambda keeps unreserved; ` +
          `lower reservedConcurrency or request a "concurrent executions" increase in service quotas for ${env.account} ${env.region} and raise quotas.accountConcurrency`,
      );
    }
    // Provisioned concurrency without a reservation comes out of the unreserved pool, which must keep its floor.
    if (env.warm.mode === 'provisioned' && reserved === undefined) {
      const unreserved = quota - reservedTotal - UNRESERVED_CONCURRENCY_FLOOR;
      if (env.warm.maxProvisioned > unreserved) {
        fail(
          'warm.maxProvisioned',
          `maxProvisioned ${env.warm.maxProvisioned} exceeds the ${unreserved} the account quota ${quota} leaves unreserved; ` +
            'lower it or request a quota increase and raise quotas.accountConcurrency',
        );
      }
    }
  }

  // Alarms and smoke test
  if (!(env.alarms.p95LatencyTargetMs > 0))
    fail('alarms.p95LatencyTargetMs', 'p95LatencyTargetMs must be above 0');
  if (!(env.alarms.fiveXxRatePercent > 0 && env.alarms.fiveXxRatePercent <= 100)) {
    fail('alarms.fiveXxRatePercent', 'fiveXxRatePercent must be above 0 and at most 100');
  }
  if (!(env.alarms.fourXxRatePercent > 0 && env.alarms.fourXxRatePercent <= 100)) {
    fail('alarms.fourXxRatePercent', 'fourXxRatePercent must be above 0 and at most 100');
  }
  if (!(env.alarms.minRequestsPer5Min >= 0)) {
    fail('alarms.minRequestsPer5Min', 'minRequestsPer5Min must be 0 (off) or more');
  }
  if (!(env.alarms.maxIteratorAgeMs >= 1000)) {
    fail('alarms.maxIteratorAgeMs', 'maxIteratorAgeMs must be at least 1000');
  }
  const destination = env.alarms.destination as EnvironmentConfig['alarms']['destination'] | undefined;
  if (destination === undefined) {
    fail(
      'alarms.destination',
      "no alarm destination: set { kind: 'email', address } or { kind: 'topic', topicArn } so alarms reach someone",
    );
  } else if (destination.kind === 'email' && !EMAIL_RE.test(destination.address)) {
    fail('alarms.destination', `'${destination.address}' is not an e-mail address`);
  } else if (destination.kind === 'topic') {
    const m = TOPIC_ARN_RE.exec(destination.topicArn);
    if (!m) fail('alarms.destination', `'${destination.topicArn}' is not an sns topic arn`);
    else if (m[1] !== env.region || m[2] !== env.account) {
      fail(
        'alarms.destination',
        `topic ${destination.topicArn} must be in ${env.account} ${env.region} (cloudwatch alarms publish to topics of their own account and region)`,
      );
    }
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

  // One global table per environment name: its replicas live in one account.
  const accountsByName = new Map<string, Set<string>>();
  for (const env of envs) {
    const set = accountsByName.get(env.name) ?? new Set<string>();
    set.add(env.account);
    accountsByName.set(env.name, set);
  }
  for (const [name, accounts] of accountsByName) {
    if (accounts.size > 1) {
      issues.push({
        where: name,
        message: `${name} spans accounts ${[...accounts].join(', ')}; every region of one environment shares one global table, so put them in one account`,
      });
    }
  }

  // One host name per environment: its regions' latency records share the name, so each region names the same one.
  const domainsByName = new Map<string, Set<string>>();
  for (const env of envs) {
    const d = env.api.customDomain;
    const set = domainsByName.get(env.name) ?? new Set<string>();
    set.add(d ? `${d.domainName} in zone ${d.hostedZone.id}` : 'none');
    domainsByName.set(env.name, set);
  }
  for (const [name, domains] of domainsByName) {
    if (domains.size > 1) {
      issues.push({
        where: `${name}: api.customDomain`,
        message: `${name}'s regions name different custom domains (${[...domains].join('; ')}); give every region of ${name} the same domain and zone, or none`,
      });
    }
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

/** The context key under which `cdk.context.json` holds an account/region's availability zones. */
export function availabilityZonesKey(env: Pick<EnvironmentConfig, 'account' | 'region'>): string {
  return `availability-zones:account=${env.account}:region=${env.region}`;
}

/**
 * Checks that the committed context lists enough availability zones for every environment (synth never looks them
 * up, so a new region without them would otherwise synthesise dummy zones). Throws one EnvironmentConfigError.
 *
 * @example
 * validateAvailabilityZones(environments, (key) => app.node.tryGetContext(key));
 */
export function validateAvailabilityZones(
  envs: readonly EnvironmentConfig[],
  context: (key: string) => unknown,
): void {
  const issues: ConfigIssue[] = [];
  for (const env of envs) {
    const key = availabilityZonesKey(env);
    const zones = context(key);
    const count = Array.isArray(zones) ? zones.length : 0;
    if (count < env.vpc.azCount) {
      issues.push({
        where: `${environmentId(env)}: vpc.azCount`,
        message:
          `infra/cdk/cdk.context.json lists ${count} availability zones under '${key}' but azCount is ${env.vpc.azCount}; ` +
          `add them (e.g. ["${env.region}a", "${env.region}b", "${env.region}c"], checked with 'aws ec2 describe-availability-zones --region ${env.region}')`,
      });
    }
  }
  if (issues.length > 0) throw new EnvironmentConfigError(issues);
}
