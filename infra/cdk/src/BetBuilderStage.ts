import { Stage, Tags, type StageProps } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import { environmentId, type EnvironmentConfig } from './config/types';
import type { HandlerEntries } from './paths';
import { ApiStack } from './stacks/ApiStack';
import { CacheStack } from './stacks/CacheStack';
import { DataStack } from './stacks/DataStack';
import { NetworkStack } from './stacks/NetworkStack';

export interface BetBuilderStageProps extends StageProps {
  readonly config: EnvironmentConfig;
  /** @default the real handler files */
  readonly handlerEntries?: HandlerEntries;
}

/** Stage id of an environment: `BetBuilder-<name>-<region>` (stack names derive from it). */
export function stageIdOf(config: EnvironmentConfig): string {
  return `BetBuilder-${environmentId(config)}`;
}

/**
 * One environment in one region: stateful Network, Data and Cache stacks and the stateless Api stack.
 * The same class is deployed by `cdk deploy` and by the pipeline.
 *
 * @example
 * new BetBuilderStage(app, stageIdOf(config), { config, env: { account: config.account, region: config.region } });
 */
export class BetBuilderStage extends Stage {
  readonly network: NetworkStack;
  readonly data: DataStack;
  readonly cache: CacheStack;
  readonly apiStack: ApiStack;

  constructor(scope: Construct, id: string, props: BetBuilderStageProps) {
    super(scope, id, { ...props, env: { account: props.config.account, region: props.config.region } });
    const { config } = props;

    this.network = new NetworkStack(this, 'Network', {
      config,
      description: `Bet-builder ${environmentId(config)}: VPC, endpoints, security groups (stateful)`,
      terminationProtection: config.name === 'prod',
    });
    this.data = new DataStack(this, 'Data', {
      config,
      vpc: this.network.vpc,
      daxSecurityGroup: this.network.daxSecurityGroup,
      description: `Bet-builder ${environmentId(config)}: opinions table, DAX (stateful)`,
      terminationProtection: config.name === 'prod',
    });
    this.cache = new CacheStack(this, 'Cache', {
      config,
      vpc: this.network.vpc,
      cacheSecurityGroup: this.network.cacheSecurityGroup,
      description: `Bet-builder ${environmentId(config)}: ElastiCache Valkey (stateful)`,
      terminationProtection: config.name === 'prod',
    });
    this.apiStack = new ApiStack(this, 'Api', {
      config,
      vpc: this.network.vpc,
      lambdaSecurityGroup: this.network.lambdaSecurityGroup,
      table: this.data.table,
      daxCluster: this.data.daxCluster,
      cacheEndpoint: this.cache.endpoint,
      cacheAuthSecret: this.cache.authSecret,
      cacheMonitoring: this.cache.replicationGroup
        ? {
            kind: 'replication-group',
            replicationGroupId: this.cache.replicationGroup.ref,
            nodeCount: this.cache.replicationGroup.numCacheClusters ?? 1,
          }
        : {
            kind: 'serverless',
            cacheName: this.cache.serverlessCache?.ref ?? '',
            maxEcpuPerSecond: config.cache.kind === 'serverless' ? config.cache.maxEcpuPerSecond : 0,
            maxDataStorageGb: config.cache.kind === 'serverless' ? config.cache.maxDataStorageGb : 0,
          },
      handlerEntries: props.handlerEntries,
      description: `Bet-builder ${environmentId(config)}: Lambdas, REST API, keep-warm, alarms, dashboard (stateless)`,
    });

    Tags.of(this).add('service', 'bet-builder-pricing');
    Tags.of(this).add('environment', config.name);
  }
}
