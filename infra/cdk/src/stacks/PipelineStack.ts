import { Stack, Validations, type StackProps } from 'aws-cdk-lib';
import * as codebuild from 'aws-cdk-lib/aws-codebuild';
import { PipelineType } from 'aws-cdk-lib/aws-codepipeline';
import * as pipelines from 'aws-cdk-lib/pipelines';
import { AwsSolutionsChecks } from 'cdk-nag';
import type { Construct } from 'constructs';
import {
  environmentId,
  type EnvironmentConfig,
  type EnvironmentName,
  type PipelineConfig,
} from '../config/types';
import { BetBuilderStage, stageIdOf } from '../BetBuilderStage';
import type { HandlerEntries } from '../paths';

export interface PipelineStackProps extends StackProps {
  readonly pipeline: PipelineConfig;
  readonly environments: readonly EnvironmentConfig[];
  /** @default the real handler files */
  readonly handlerEntries?: HandlerEntries;
}

/** Waves in delivery order; the environments of one wave (e.g. prod's regions) deploy in parallel. */
export const WAVE_ORDER: readonly EnvironmentName[] = ['dev', 'staging', 'prod'];

/** The synth step's commands (the pipeline's CodeBuild runs them from the repository root). */
export const SYNTH_COMMANDS = [
  'npm ci',
  'npx nx run-many -t lint typecheck test',
  'cd infra/cdk && npx cdk synth',
] as const;

/**
 * CDK Pipelines (CodePipeline V2, self-mutating): source from a CodeConnections repository, synth
 * (install, lint, typecheck, test, cdk synth), then one wave per environment name in WAVE_ORDER with
 * every region of that environment in parallel, a manual approval before prod, and a smoke test after
 * each stage that prices a bet against the fixture seeded in that environment.
 */
export class PipelineStack extends Stack {
  readonly pipeline: pipelines.CodePipeline;
  readonly stages: BetBuilderStage[] = [];

  constructor(scope: Construct, id: string, props: PipelineStackProps) {
    super(scope, id, { ...props, env: { account: props.pipeline.account, region: props.pipeline.region } });
    const source = pipelines.CodePipelineSource.connection(props.pipeline.repository, props.pipeline.branch, {
      connectionArn: props.pipeline.connectionArn,
    });
    const nodeBuildSpec = codebuild.BuildSpec.fromObject({
      phases: { install: { 'runtime-versions': { nodejs: '22' } } },
    });

    this.pipeline = new pipelines.CodePipeline(this, 'Pipeline', {
      pipelineType: PipelineType.V2,
      selfMutation: true,
      crossAccountKeys: true,
      enableKeyRotation: true,
      dockerEnabledForSynth: false,
      synth: new pipelines.ShellStep('Synth', {
        input: source,
        commands: [...SYNTH_COMMANDS],
        primaryOutputDirectory: 'infra/cdk/cdk.out',
      }),
      codeBuildDefaults: {
        buildEnvironment: {
          buildImage: codebuild.LinuxBuildImage.STANDARD_7_0,
          computeType: codebuild.ComputeType.MEDIUM,
        },
        partialBuildSpec: nodeBuildSpec,
      },
    });

    for (const name of WAVE_ORDER) {
      const envs = props.environments.filter((e) => e.name === name);
      if (envs.length === 0) continue;
      const wave = this.pipeline.addWave(name, {
        pre:
          name === 'prod'
            ? [
                new pipelines.ManualApprovalStep('PromoteToProd', {
                  comment: 'Staging smoke test passed: deploy to every prod region?',
                }),
              ]
            : [],
      });
      for (const config of envs) {
        const stage = new BetBuilderStage(this, stageIdOf(config), {
          config,
          handlerEntries: props.handlerEntries,
        });
        this.stages.push(stage);
        wave.addStage(stage, {
          post: [
            new pipelines.ShellStep(`SmokeTest-${environmentId(config)}`, {
              input: source,
              envFromCfnOutputs: { API_URL: stage.apiStack.apiUrlOutput },
              env: { SMOKE_FIXTURE_ID: config.smokeTestFixtureId },
              // The smoke test calls the API through @betbuilder/client (TypeScript, run by tsx).
              commands: ['npm ci --no-audit --no-fund', 'node --import tsx infra/cdk/scripts/smoke-test.mjs'],
            }),
          ],
        });
      }
    }

    this.pipeline.buildPipeline();
    acknowledgePipelineFindings(this.pipeline);
  }
}

/** Why each kind of grant CDK Pipelines generates for its own roles is accepted (matched on the finding id). */
export const PIPELINE_GRANT_REASONS: readonly { readonly pattern: RegExp; readonly reason: string }[] = [
  {
    pattern:
      /^AwsSolutions-IAM5\[Action::(s3:(GetObject|GetBucket|List|DeleteObject|Abort)\*|kms:(GenerateDataKey|ReEncrypt)\*)\]$/,
    reason:
      'read/write grant on the pipeline artifact bucket and its kms key; the s3/kms action groups are how grantReadWrite is expressed',
  },
  {
    pattern: /^AwsSolutions-IAM5\[Resource::<PipelineArtifactsBucket[A-Za-z0-9]+\.Arn>\/\*\]$/,
    reason: 'objects of the pipeline artifact bucket (the bucket itself is named)',
  },
  {
    pattern: /^AwsSolutions-IAM5\[Resource::arn:[^\]]*:s3:::[a-z0-9.-]+\/\*\]$/,
    reason:
      'objects of the cross-region artifact replication bucket the pipeline owns (the only other bucket it writes)',
  },
  {
    pattern:
      /^AwsSolutions-IAM5\[Resource::arn:[^\]]*:logs:[a-z0-9-]+:\d{12}:log-group:\/aws\/codebuild\/(<[A-Za-z0-9]+>:\*|\*)\]$/,
    reason: "codebuild log streams of the pipeline's own projects (codebuild names streams at run time)",
  },
  {
    pattern:
      /^AwsSolutions-IAM5\[Resource::arn:[^\]]*:codebuild:[a-z0-9-]+:\d{12}:report-group\/(<[A-Za-z0-9]+>-\*|\*)\]$/,
    reason: "codebuild test-report groups of the pipeline's own projects",
  },
  {
    pattern: /^AwsSolutions-IAM5\[Resource::arn:\*:iam::\d{12}:role\/\*\]$/,
    reason:
      'self-mutation assumes only cdk bootstrap roles: the statement is conditioned on the aws-cdk:bootstrap-role tag',
  },
  {
    pattern: /^AwsSolutions-IAM5\[Resource::\*\]$/,
    reason:
      'cdk pipelines role statements without resource scoping: codebuild:StartBuild/BatchGetBuilds for asset jobs, ' +
      'cloudformation:DescribeStacks and s3:ListBucket for self-mutation, and kms use of cross-region replication keys',
  },
];

/**
 * Runs the AwsSolutions pack over the generated pipeline constructs and acknowledges each finding that
 * matches PIPELINE_GRANT_REASONS, on the policy that raised it. Anything else is left for synth to fail on.
 */
function acknowledgePipelineFindings(pipeline: pipelines.CodePipeline): void {
  const report = new AwsSolutionsChecks().validateScope(pipeline);
  const byPath = new Map(pipeline.node.findAll().map((c) => [c.node.path, c] as const));
  for (const violation of report.violations) {
    const known = PIPELINE_GRANT_REASONS.find((r) => r.pattern.test(violation.ruleName));
    if (!known) continue;
    for (const resource of violation.violatingResources) {
      const target = resource.constructPath ? byPath.get(resource.constructPath) : undefined;
      if (target)
        Validations.of(target).acknowledge({
          id: violation.ruleName,
          reason: `${target.node.path.slice(pipeline.node.path.length + 1)}: ${known.reason}`,
        });
    }
  }
  Validations.of(pipeline).acknowledge({
    id: 'AwsSolutions-S1',
    reason:
      'Pipeline ArtifactsBucket: short-lived build artifacts, reachable only by the pipeline roles; CloudTrail records access',
  });
  for (const support of Object.values(pipeline.pipeline.crossRegionSupport)) {
    Validations.of(support.replicationBucket).acknowledge({
      id: 'AwsSolutions-S1',
      reason: `CrossRegionCodePipelineReplicationBucket (${support.stack.region}): copies of pipeline artifacts for cross-region deploys only`,
    });
  }
}
