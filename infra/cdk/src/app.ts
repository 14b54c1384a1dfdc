import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { BetBuilderStage, stageIdOf } from './BetBuilderStage';
import {
  environments as defaultEnvironments,
  pipelineConfig as defaultPipeline,
} from './config/environments';
import { dataPlacementOf, type EnvironmentConfig, type PipelineConfig } from './config/types';
import { validateAvailabilityZones, validateEnvironments } from './config/validateConfig';
import type { HandlerEntries } from './paths';
import { PipelineStack } from './stacks/PipelineStack';

/** Feature flag: CloudFormation Validate findings fail synthesis instead of printing warnings. */
export const VALIDATE_AGAINST_DEFAULT_RULES = '@aws-cdk/core:validateAgainstDefaultRules';

export interface BuildAppOptions {
  /** @default the committed environment list */
  readonly environments?: readonly EnvironmentConfig[];
  /** @default the committed pipeline config */
  readonly pipeline?: PipelineConfig;
  /** Add the pipeline stack. @default true */
  readonly withPipeline?: boolean;
  /** @default the real handler files */
  readonly handlerEntries?: HandlerEntries;
  /** Context for an in-process app (tests): feature flags and the committed availability zones. */
  readonly context?: Record<string, unknown>;
  /** @default - a temporary directory (in-process) or the CLI's output directory */
  readonly outdir?: string;
}

export interface BuiltApp {
  readonly app: App;
  /** One stage per environment, for `cdk deploy '<stage id>/*'`. */
  readonly stages: BetBuilderStage[];
  readonly pipelineStack?: PipelineStack;
}

/**
 * Builds the whole CDK app: validates the environment list (throws EnvironmentConfigError before any
 * construct exists), one BetBuilderStage per environment, the pipeline, cdk-nag (AwsSolutions) as a
 * validation plugin, and CloudFormation Validate findings as errors.
 *
 * @example
 * const { app } = buildApp();
 * app.synth();
 */
export function buildApp(options: BuildAppOptions = {}): BuiltApp {
  const envs = options.environments ?? defaultEnvironments;
  const pipeline = options.pipeline ?? defaultPipeline;
  const withPipeline = options.withPipeline ?? true;
  validateEnvironments(envs, withPipeline ? pipeline : undefined);

  const app = new App({
    ...(options.context ? { context: options.context } : {}),
    ...(options.outdir ? { outdir: options.outdir } : {}),
    // Forced on whatever cdk.json says: template findings must fail the build, not scroll past.
    postCliContext: { [VALIDATE_AGAINST_DEFAULT_RULES]: true },
  });
  validateAvailabilityZones(envs, (key) => app.node.tryGetContext(key));
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));

  const stages = envs.map(
    (config) =>
      new BetBuilderStage(app, stageIdOf(config), {
        config,
        data: dataPlacementOf(config, envs),
        ...(withPipeline ? { pipelineAccount: pipeline.account } : {}),
        handlerEntries: options.handlerEntries,
      }),
  );
  const pipelineStack = withPipeline
    ? new PipelineStack(app, 'BetBuilder-Pipeline', {
        pipeline,
        environments: envs,
        handlerEntries: options.handlerEntries,
      })
    : undefined;
  return { app, stages, ...(pipelineStack ? { pipelineStack } : {}) };
}
