import { EnvironmentConfigError } from '../../src/config/EnvironmentConfigError';
import { environments, pipelineConfig } from '../../src/config/environments';
import { dataPlacementOf, environmentId, type EnvironmentConfig } from '../../src/config/types';
import {
  validateAvailabilityZones,
  validateEnvironment,
  validateEnvironments,
} from '../../src/config/validateConfig';

function env(name: string, region: string): EnvironmentConfig {
  const found = environments.find((e) => e.name === name && e.region === region);
  if (!found) throw new Error(`no ${name} in ${region}`);
  return found;
}

function issuesOf(e: EnvironmentConfig): string[] {
  return validateEnvironment(e).map((i) => `${i.where}: ${i.message}`);
}

describe('environment list', () => {
  it('has dev in one region, staging, and prod in two regions', () => {
    // Act
    const regionsByName = new Map<string, string[]>();
    for (const e of environments) regionsByName.set(e.name, [...(regionsByName.get(e.name) ?? []), e.region]);

    // Assess
    expect(regionsByName.get('dev')).toHaveLength(1);
    expect(regionsByName.get('staging')?.length).toBeGreaterThanOrEqual(1);
    expect(new Set(regionsByName.get('prod')).size).toBe(2);
  });

  it('passes validation together with the pipeline config', () => {
    // Act + Assess
    expect(() => validateEnvironments(environments, pipelineConfig)).not.toThrow();
  });

  it('uses a 100 ms p95 latency target everywhere by default', () => {
    // Assess
    expect(environments.map((e) => e.alarms.p95LatencyTargetMs)).toEqual(environments.map(() => 100));
  });

  it('runs multi-az cache replicas and at least three DAX nodes in prod, and DAX sizes CreateCluster accepts', () => {
    // Act
    const prod = environments.filter((e) => e.name === 'prod');

    // Assess
    for (const e of prod) {
      expect(e.cache.kind === 'replication-group' ? e.cache.replicas : 1).toBeGreaterThanOrEqual(1);
      expect(e.dax.enabled && e.dax.nodeCount).toBeGreaterThanOrEqual(3);
    }
    const daxSizes = environments.flatMap((e) => (e.dax.enabled ? [e.dax.nodeCount] : []));
    expect(daxSizes.filter((n) => n === 2 || n > 10)).toEqual([]);
  });
});

describe('validateEnvironment', () => {
  const dev = env('dev', 'eu-west-1');

  it('rejects a vpc cidr that cannot hold the subnets and says how to fix it', () => {
    // Prepare: 2 az x (/24 + /26) = 640 addresses, a /24 has 256
    const tooSmall = {
      ...dev,
      vpc: { ...dev.vpc, cidr: '10.10.0.0/24', lambdaSubnetMask: 24, dataSubnetMask: 26 },
    };

    // Act
    const issues = issuesOf(tooSmall);

    // Assess
    expect(issues).toContain(
      'dev-eu-west-1: vpc: cidr 10.10.0.0/24 cannot hold the subnets: 2 az x (/24 + /26) needs 640 addresses but the vpc has 256; use a larger cidr or smaller subnets',
    );
  });

  it('rejects an account that is not 12 digits', () => {
    // Act
    const issues = issuesOf({ ...dev, account: '12345' });

    // Assess
    expect(issues).toContain("dev-eu-west-1: account: account '12345' must be 12 digits");
  });

  it('rejects a malformed cidr and one with host bits', () => {
    // Act
    const malformed = issuesOf({ ...dev, vpc: { ...dev.vpc, cidr: '10.0.0/16' } });
    const hostBits = issuesOf({ ...dev, vpc: { ...dev.vpc, cidr: '10.10.0.1/20' } });

    // Assess
    expect(malformed).toContain(
      "dev-eu-west-1: vpc.cidr: cidr '10.0.0/16' is not an ipv4 cidr like 10.0.0.0/16",
    );
    expect(hostBits).toContain(
      'dev-eu-west-1: vpc.cidr: cidr 10.10.0.1/20 has host bits set; use the network address',
    );
  });

  it('rejects a subnet mask larger than the vpc', () => {
    // Act
    const issues = issuesOf({ ...dev, vpc: { ...dev.vpc, lambdaSubnetMask: 16 } });

    // Assess
    expect(issues).toContainEqual(
      expect.stringMatching(/^dev-eu-west-1: vpc\.lambdaSubnetMask: subnet mask \/16 must be/),
    );
  });

  it('rejects an api open to the whole internet', () => {
    // Act
    const issues = issuesOf({ ...dev, api: { ...dev.api, allowedSourceCidrs: ['0.0.0.0/0'] } });

    // Assess
    expect(issues).toContain(
      "dev-eu-west-1: api.allowedSourceCidrs: '0.0.0.0/0' allows the whole internet; list the sportsbook's ranges",
    );
  });

  it('rejects a prod cache without replicas', () => {
    // Prepare
    const prod = env('prod', 'eu-west-1');

    // Act
    const issues = issuesOf({
      ...prod,
      cache: { kind: 'replication-group', nodeType: 'cache.r7g.large', replicas: 0, engineVersion: '8.0' },
    });

    // Assess
    expect(issues).toContain(
      'prod-eu-west-1: cache.replicas: prod needs at least 1 replica for multi-az automatic failover',
    );
  });

  it('rejects a DAX node count CreateCluster refuses (2, or more than 10) and accepts 1 and 3 to 10', () => {
    // Prepare
    const staging = env('staging', 'eu-west-1');
    const withNodes = (nodeCount: number) =>
      issuesOf({ ...staging, dax: { enabled: true, nodeType: 'dax.t3.medium', nodeCount, itemTtlMs: 1000 } });

    // Act + Assess
    for (const bad of [0, 2, 11, 2.5])
      expect(withNodes(bad)).toContain(
        `staging-eu-west-1: dax.nodeCount: nodeCount ${bad} must be 1 or a whole number from 3 to 10 (DAX's replication factor)`,
      );
    for (const good of [1, 3, 10])
      expect(withNodes(good).filter((i) => i.includes('dax.nodeCount'))).toEqual([]);
  });

  it('rejects provisioned concurrency whose minimum exceeds its maximum', () => {
    // Act
    const issues = issuesOf({
      ...dev,
      warm: { mode: 'provisioned', minProvisioned: 20, maxProvisioned: 10, targetUtilization: 0.7 },
    });

    // Assess
    expect(issues).toContain(
      'dev-eu-west-1: warm: provisioned concurrency needs 1 <= minProvisioned (20) <= maxProvisioned (10)',
    );
  });

  it('rejects keep-warm concurrency above the reserved concurrency', () => {
    // Act
    const issues = issuesOf({
      ...dev,
      lambda: { ...dev.lambda, reservedConcurrency: 1 },
      warm: { mode: 'keep-warm', concurrency: 2, rateMinutes: 5 },
    });

    // Assess
    expect(issues).toContain(
      'dev-eu-west-1: warm.concurrency: keep-warm concurrency 2 exceeds reservedConcurrency 1',
    );
  });

  it('writes every message in lowercase after the field name', () => {
    // Prepare: break many things at once
    const broken: EnvironmentConfig = {
      ...dev,
      account: 'x',
      region: 'Mars',
      vpc: { ...dev.vpc, cidr: 'nope', azCount: 7 },
      alarms: { ...dev.alarms, p95LatencyTargetMs: 0, fiveXxRatePercent: 0 },
      smokeTestFixtureId: 'X',
    };

    // Act
    const messages = validateEnvironment(broken).map((i) => i.message);

    // Assess
    expect(messages.length).toBeGreaterThanOrEqual(6);
    for (const m of messages) expect(m[0]).toBe(m[0]?.toLowerCase());
  });
});

describe('quotas', () => {
  const dev = env('dev', 'eu-west-1');

  it('keeps every environment within the default 1000 concurrent executions with 100 unreserved', () => {
    // Assess
    for (const e of environments) expect(issuesOf(e).filter((i) => i.includes('quota'))).toEqual([]);
  });

  it('rejects reserved concurrency the account quota cannot hold, saying what to do', () => {
    // Prepare
    const prod = env('prod', 'eu-west-1');

    // Act
    const issues = issuesOf({ ...prod, lambda: { ...prod.lambda, reservedConcurrency: 2000 } });

    // Assess
    expect(issues).toContain(
      'prod-eu-west-1: lambda.reservedConcurrency: reserved concurrency 2500 (pricing 2000 + quote verify 500) exceeds 900, the account quota 1000 minus the 100 lambda keeps unreserved; ' +
        'lower reservedConcurrency or request a "concurrent executions" increase in service quotas for 333333333333 eu-west-1 and raise quotas.accountConcurrency',
    );
  });

  it('accepts the same reservation once the raised quota is configured', () => {
    // Prepare
    const prod = env('prod', 'eu-west-1');

    // Act
    const issues = issuesOf({
      ...prod,
      lambda: { ...prod.lambda, reservedConcurrency: 2000 },
      quotas: { accountConcurrency: 3000 },
    });

    // Assess
    expect(issues).toEqual([]);
  });

  it('counts the keep-warm function reservation too', () => {
    // Act
    const issues = issuesOf({ ...dev, lambda: { ...dev.lambda, reservedConcurrency: 720 } });

    // Assess
    expect(issues).toContainEqual(
      expect.stringContaining(
        'reserved concurrency 901 (pricing 720 + quote verify 180 + keep-warm 1) exceeds 900',
      ),
    );
  });

  it('counts the quote-verify reservation (a quarter of pricing) against the quota', () => {
    // Prepare
    const prod = env('prod', 'eu-west-1');

    // Act
    const issues = issuesOf({ ...prod, lambda: { ...prod.lambda, reservedConcurrency: 800 } });

    // Assess
    expect(issues).toContainEqual(
      expect.stringContaining('reserved concurrency 1000 (pricing 800 + quote verify 200) exceeds 900'),
    );
  });
});

describe('waf log retention', () => {
  it('rejects a waf log retention cloudwatch logs does not accept', () => {
    // Prepare
    const dev = env('dev', 'eu-west-1');

    // Act
    const issues = issuesOf({ ...dev, api: { ...dev.api, waf: { ...dev.api.waf, logRetentionDays: 45 } } });

    // Assess
    expect(issues).toContainEqual(
      expect.stringContaining('logRetentionDays 45 is not a retention cloudwatch logs accepts'),
    );
  });
});

describe('alarm destination', () => {
  const dev = env('dev', 'eu-west-1');

  it('requires somewhere for alarms to go', () => {
    // Act
    const issues = issuesOf({
      ...dev,
      alarms: {
        ...dev.alarms,
        destination: undefined as unknown as EnvironmentConfig['alarms']['destination'],
      },
    });

    // Assess
    expect(issues).toContain(
      "dev-eu-west-1: alarms.destination: no alarm destination: set { kind: 'email', address } or { kind: 'topic', topicArn } so alarms reach someone",
    );
  });

  it('rejects a topic in another region (alarms publish to their own region)', () => {
    // Act
    const issues = issuesOf({
      ...dev,
      alarms: {
        ...dev.alarms,
        destination: { kind: 'topic', topicArn: 'arn:aws:sns:us-east-1:111111111111:pager' },
      },
    });

    // Assess
    expect(issues).toContainEqual(
      expect.stringMatching(/^dev-eu-west-1: alarms\.destination: topic arn:aws:sns:us-east-1/),
    );
  });
});

describe('regions', () => {
  it('homes prod writes in its first listed region and replicates to the other', () => {
    // Act
    const placement = dataPlacementOf(env('prod', 'eu-central-1'), environments);

    // Assess
    expect(placement).toEqual({
      homeRegion: 'eu-west-1',
      regions: ['eu-west-1', 'eu-central-1'],
      tableName: 'betbuilder-prod-opinions',
    });
  });

  it('names the missing availability zones of a new region and how to add them', () => {
    // Prepare
    const added = {
      ...env('prod', 'eu-west-1'),
      region: 'us-east-1',
      vpc: { ...env('prod', 'eu-west-1').vpc, cidr: '10.32.0.0/16' },
    };

    // Act + Assess
    expect(() => validateAvailabilityZones([added], () => undefined)).toThrow(
      /prod-us-east-1: vpc\.azCount: infra\/cdk\/cdk\.context\.json lists 0 availability zones under 'availability-zones:account=333333333333:region=us-east-1' but azCount is 3; add them/,
    );
  });

  it('rejects an environment whose regions are in different accounts (one global table)', () => {
    // Prepare
    const moved = { ...env('prod', 'eu-central-1'), account: '555555555555' };

    // Act + Assess
    expect(() => validateEnvironments([env('prod', 'eu-west-1'), moved])).toThrow(
      /prod spans accounts 333333333333, 555555555555/,
    );
  });
});

describe('validateEnvironments', () => {
  it('lists every issue of every environment in one error', () => {
    // Prepare
    const [first, second] = environments;
    if (!first || !second) throw new Error('need two environments');
    const broken = [
      { ...first, account: 'bad' },
      { ...second, region: 'bad' },
    ];

    // Act
    let error: unknown;
    try {
      validateEnvironments(broken);
    } catch (e) {
      error = e;
    }

    // Assess
    expect(error).toBeInstanceOf(EnvironmentConfigError);
    expect((error as EnvironmentConfigError).code).toBe('INVALID_ENVIRONMENT_CONFIG');
    expect((error as EnvironmentConfigError).issues.map((i) => i.where)).toEqual([
      `${environmentId(first)}: account`,
      `${environmentId({ ...second, region: 'bad' })}: region`,
    ]);
  });

  it('rejects the same environment listed twice', () => {
    // Prepare
    const dev = env('dev', 'eu-west-1');

    // Act + Assess
    expect(() => validateEnvironments([dev, dev])).toThrow(
      'environment dev-eu-west-1 is listed 2 times; one entry per name and region',
    );
  });

  it('rejects overlapping vpc ranges in one account', () => {
    // Prepare
    const a = env('prod', 'eu-west-1');
    const b = {
      ...env('prod', 'eu-central-1'),
      vpc: { ...env('prod', 'eu-central-1').vpc, cidr: a.vpc.cidr },
    };

    // Act + Assess
    expect(() => validateEnvironments([a, b])).toThrow(
      /overlaps prod-eu-central-1's 10\.30\.0\.0\/16 in the same account/,
    );
  });

  it('rejects a pipeline connection that is not a connection arn', () => {
    // Act + Assess
    expect(() =>
      validateEnvironments(environments, { ...pipelineConfig, connectionArn: 'github-token' }),
    ).toThrow(
      "pipeline: connectionArn: 'github-token' is not a codeconnections/codestar-connections connection arn",
    );
  });

  it('accepts a new region as one more entry', () => {
    // Prepare
    const prod = env('prod', 'eu-west-1');
    const added = { ...prod, region: 'us-east-1', vpc: { ...prod.vpc, cidr: '10.32.0.0/16' } };

    // Act + Assess
    expect(() => validateEnvironments([...environments, added], pipelineConfig)).not.toThrow();
  });
});
