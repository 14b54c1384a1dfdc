import { Stage, Tags, type StageProps } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import { environmentId, type DataPlacement, type EnvironmentConfig } from './config/types';
import type { HandlerEntries } from './paths';
import { ApiStack } from './stacks/ApiStack';
import { CacheStack } from './stacks/CacheStack';
import { DataStack } from './stacks/DataStack';
import { NetworkStack } from './stacks/NetworkStack';

export interface BetBuilderStageProps extends StageProps {
  readonly config: EnvironmentConfig;
  /** Where the environment's global table lives (see `dataPlacementOf`). */
  readonly data: DataPlacement;
  /** The pipeline's (tooling) account, allowed to invoke the functions for the smoke test. @default none */
  readonly pipelineAccount?: string;
  /** @default the real handler files */
  readonly handlerEntries?: HandlerEntries;
}

/** Resource types the stage's tags are not applied to (their schema has no Tags property). */
export const UNTAGGED_RESOURCE_TYPES = ['AWS::ApplicationAutoScaling::ScalableTarget'] as const;

/** Stage id of an environment: `BetBuilder-<name>-<region>` (stack names derive from it). */
export function stageIdOf(config: EnvironmentConfig): string {
  return `BetBuilder-${environmentId(config)}`;
}

/**
 * One environment in one region: stateful Network, Data and Cache stacks and the stateless Api stack.
 * The same class is deployed by `cdk deploy` and by the pipeline.
 *
 * @example
 * new BetBuilderStage(app, stageIdOf(config), { config, data: dataPlacementOf(config, environments) });
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
      placement: props.data,
      vpc: this.network.vpc,
      daxSecurityGroup: this.network.daxSecurityGroup,
      description: `Bet-builder ${environmentId(config)}: opinions global table (${props.data.homeRegion === config.region ? 'home' : 'replica'}), DAX (stateful)`,
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
      placement: props.data,
      ...(this.data.dax ? { dax: this.data.dax } : {}),
      cacheEndpoint: this.cache.endpoint,
      cacheAuthSecret: this.cache.authSecret,
      cacheMonitoring: this.cache.monitoring,
      ...(props.pipelineAccount ? { pipelineAccount: props.pipelineAccount } : {}),
      handlerEntries: props.handlerEntries,
      description: `Bet-builder ${environmentId(config)}: Lambdas, REST API, keep-warm, alarms, dashboard (stateless)`,
    });

    // Not on the provisioned-concurrency scalable target: its CloudFormation schema in these regions has no Tags
    // (cfn-lint E3002), and an extraneous property fails the prod Api stack; its tags would buy nothing.
    const tagOptions = { excludeResourceTypes: [...UNTAGGED_RESOURCE_TYPES] };
    Tags.of(this).add('service', 'bet-builder-pricing', tagOptions);
    Tags.of(this).add('environment', config.name, tagOptions);
  }
}
