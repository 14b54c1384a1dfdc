import { Stack, Validations, type StackProps } from 'aws-cdk-lib';
import * as codebuild from 'aws-cdk-lib/aws-codebuild';
import { PipelineType } from 'aws-cdk-lib/aws-codepipeline';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as pipelines from 'aws-cdk-lib/pipelines';
import { AwsSolutionsChecks } from 'cdk-nag';
import type { Construct } from 'constructs';
import {
  dataPlacementOf,
  environmentId,
  type EnvironmentConfig,
  type EnvironmentName,
  type PipelineConfig,
} from '../config/types';
import { BetBuilderStage, stageIdOf } from '../BetBuilderStage';
import { REPO_ROOT, type HandlerEntries } from '../paths';
import { functionNameOf } from '../stacks/ApiStack';

export interface PipelineStackProps extends StackProps {
  readonly pipeline: PipelineConfig;
  readonly environments: readonly EnvironmentConfig[];
  /** @default the real handler files */
  readonly handlerEntries?: HandlerEntries;
}

/** Waves in delivery order; the environments of one wave (e.g. prod's regions) deploy in parallel. */
export const WAVE_ORDER: readonly EnvironmentName[] = ['dev', 'staging', 'prod'];

/**
 * Installed before the synth step's commands: the integration tests start real redis-server processes, and the
 * CodeBuild standard image has none (Ubuntu's package; the tests need no particular version).
 */
export const SYNTH_INSTALL_COMMANDS = [
  'apt-get update -y',
  'apt-get install -y --no-install-recommends redis-server',
  'redis-server --version',
] as const;

/** The synth step's commands (the pipeline's CodeBuild runs them from the repository root). */
export const SYNTH_COMMANDS = [
  'npm ci',
  'npx nx run-many -t lint typecheck test',
  // The repository's own aws-cdk (package-lock), never whatever `npx` would download.
  'cd infra/cdk && npx --no-install cdk synth',
] as const;

/**
 * The smoke test's commands: the repository's packages (package-lock: the SDK, `@betbuilder/client`, tsx), then the
 * script, `@betbuilder/client` over a Lambda Invoke transport (src/smoke).
 */
export const SMOKE_TEST_COMMANDS = [
  'npm ci --ignore-scripts',
  'npx --no-install tsx infra/cdk/scripts/smoke-test.ts',
] as const;

/** The CDK CLI the repository pins (package-lock): self-mutation installs this version, not the latest. */
export const CDK_CLI_VERSION = (
  JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'node_modules', 'aws-cdk', 'package.json'), 'utf8')) as {
    version: string;
  }
).version;

/**
 * cdk-assets for the asset publishing steps, pinned (bump it deliberately, like CDK_CLI_VERSION). It must read the
 * cloud assembly schema aws-cdk-lib writes: 4.7.3 reads up to 54.x, so aws-cdk-lib is pinned to 2.273.0 (schema 54;
 * 2.274 and later write 55). The same version is a devDependency, and a test runs it on the synthesised manifests.
 */
export const CDK_ASSETS_VERSION = '4.7.3';

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
      cliVersion: CDK_CLI_VERSION,
      cdkAssetsCliVersion: CDK_ASSETS_VERSION,
      crossAccountKeys: true,
      enableKeyRotation: true,
      dockerEnabledForSynth: false,
      synth: new pipelines.ShellStep('Synth', {
        input: source,
        installCommands: [...SYNTH_INSTALL_COMMANDS],
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

    // Per environment name: the home region first (it owns the global table), then the replica regions in parallel.
    for (const name of WAVE_ORDER) {
      const envs = props.environments.filter((e) => e.name === name);
      if (envs.length === 0) continue;
      const homeRegion = dataPlacementOf(envs[0]!, props.environments).homeRegion;
      const groups = [
        { wave: name, members: envs.filter((e) => e.region === homeRegion) },
        { wave: `${name}-replicas`, members: envs.filter((e) => e.region !== homeRegion) },
      ];
      for (const [index, group] of groups.entries()) {
        if (group.members.length === 0) continue;
        const wave = this.pipeline.addWave(group.wave, {
          pre:
            name === 'prod' && index === 0
              ? [
                  new pipelines.ManualApprovalStep('PromoteToProd', {
                    comment: 'Staging smoke test passed: deploy to every prod region?',
                  }),
                ]
              : [],
        });
        for (const config of group.members) {
          const stage = new BetBuilderStage(this, stageIdOf(config), {
            config,
            data: dataPlacementOf(config, props.environments),
            pipelineAccount: props.pipeline.account,
            handlerEntries: props.handlerEntries,
          });
          this.stages.push(stage);
          wave.addStage(stage, { post: [smokeTestStep(source, config, stage)] });
        }
      }
    }

    this.pipeline.buildPipeline();
    grantCodeConnectionsUse(this.pipeline, props.pipeline.connectionArn);
    acknowledgePipelineFindings(this.pipeline);
  }
}

/**
 * The post-deploy smoke test of one stage: invokes the functions directly (past the API's IP allow-list), seeding its
 * fixture through the opinion function in the home region first, then pricing it. Needs no manual step.
 */
function smokeTestStep(
  source: pipelines.IFileSetProducer,
  config: EnvironmentConfig,
  stage: BetBuilderStage,
): pipelines.CodeBuildStep {
  const api = stage.apiStack;
  const functionArn = (role: 'price' | 'opinion'): string =>
    `arn:aws:lambda:${config.region}:${config.account}:function:${functionNameOf(config, role)}`;
  return new pipelines.CodeBuildStep(`SmokeTest-${environmentId(config)}`, {
    input: source,
    envFromCfnOutputs: {
      PRICE_FUNCTION_ARN: api.priceAliasOutput,
      ...(api.opinionFunctionOutput ? { OPINION_FUNCTION_ARN: api.opinionFunctionOutput } : {}),
    },
    env: { SMOKE_FIXTURE_ID: config.smokeTestFixtureId },
    commands: [...SMOKE_TEST_COMMANDS],
    rolePolicyStatements: [
      new iam.PolicyStatement({
        actions: ['lambda:InvokeFunction'],
        resources: [
          `${functionArn('price')}:live`,
          ...(api.opinionFunctionOutput ? [functionArn('opinion')] : []),
        ],
      }),
    ],
  });
}

/**
 * CDK grants the source action `codestar-connections:UseConnection`; a connection whose ARN has the newer
 * `codeconnections` prefix is authorised by the action of that prefix, so grant it too (on the connection only).
 */
function grantCodeConnectionsUse(pipeline: pipelines.CodePipeline, connectionArn: string): void {
  const sourceStage = pipeline.pipeline.node.tryFindChild('Source');
  const roles = (sourceStage?.node.findAll() ?? []).filter((c): c is iam.Role => c instanceof iam.Role);
  if (roles.length === 0)
    throw new Error('the pipeline has no source action role to grant codeconnections:UseConnection to');
  for (const role of roles) {
    role.addToPrincipalPolicy(
      new iam.PolicyStatement({ actions: ['codeconnections:UseConnection'], resources: [connectionArn] }),
    );
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
