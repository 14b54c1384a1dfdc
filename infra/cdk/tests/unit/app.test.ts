import { Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import type { CloudAssembly } from 'aws-cdk-lib/cx-api';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { BuiltApp } from '../../src/app';
import { environments, pipelineConfig } from '../../src/config/environments';
import { environmentId } from '../../src/config/types';
import { SYNTH_COMMANDS } from '../../src/stacks/PipelineStack';
import { committedContext } from '../support/context';
import { expectResource, synthApp } from '../support/synth';

// The whole app exactly as `cdk synth` builds it: every environment, the pipeline, real handlers,
// cdk-nag (AwsSolutions) and CloudFormation validation as errors. Synthesised once for this file.
let built: BuiltApp;
let assembly: CloudAssembly;

beforeAll(() => {
  ({ built, assembly } = synthApp());
}, 240_000);

interface PipelineAction {
  Name: string;
  RunOrder?: number;
  ActionTypeId: { Category: string; Provider: string };
  Configuration?: Record<string, unknown>;
}
interface PipelineStage {
  Name: string;
  Actions: PipelineAction[];
}

function pipelineStages(): PipelineStage[] {
  const stack = built.pipelineStack;
  if (!stack) throw new Error('no pipeline stack');
  const pipelines = Template.fromStack(stack).findResources('AWS::CodePipeline::Pipeline');
  const props = (Object.values(pipelines)[0] as { Properties: { Stages: PipelineStage[] } }).Properties;
  return props.Stages;
}

describe('cdk app', () => {
  it('synthesises with zero unacknowledged cdk-nag and cloudformation validation findings', () => {
    // Act
    const report = JSON.parse(
      fs.readFileSync(path.join(assembly.directory, 'validation-report.json'), 'utf8'),
    ) as {
      pluginReports: { pluginName: string; conclusion: string; violations: unknown[] }[];
    };

    // Assess
    for (const plugin of report.pluginReports) {
      expect({ plugin: plugin.pluginName, violations: plugin.violations }).toEqual({
        plugin: plugin.pluginName,
        violations: [],
      });
    }
  });

  it('needs no context lookup (so no aws credentials) to synthesise', () => {
    // Assess
    expect(assembly.manifest.missing ?? []).toEqual([]);
  });

  it('commits availability zones for every configured account and region', () => {
    // Act
    const context = committedContext();

    // Assess
    for (const env of environments) {
      const azs = context[`availability-zones:account=${env.account}:region=${env.region}`] as
        string[] | undefined;
      expect({ env: environmentId(env), enough: (azs?.length ?? 0) >= env.vpc.azCount }).toEqual({
        env: environmentId(env),
        enough: true,
      });
    }
  });

  it('has a network, data, cache and api stack for every environment, in its own account and region', () => {
    // Act
    const listed = built.stages.flatMap((stage) =>
      stage.node.children
        .filter((c): c is Stack => c instanceof Stack)
        .map((s) => `${s.stackName}@${s.account}/${s.region}`),
    );

    // Assess
    const expected = environments.flatMap((e) =>
      ['Network', 'Data', 'Cache', 'Api'].map(
        (s) => `BetBuilder-${environmentId(e)}-${s}@${e.account}/${e.region}`,
      ),
    );
    expect(listed.sort()).toEqual(expected.sort());
  });

  it('deploys the data and cache stacks apart from the stateless api stack, which depends on them', () => {
    // Act
    const [dev] = built.stages;
    const deps = dev?.apiStack.dependencies.map((s) => s.node.id).sort();

    // Assess
    expect(deps).toEqual(['Cache', 'Data', 'Network']);
  });
});

describe('bundled handlers', () => {
  function bundleOf(owner: string): string {
    const [dev] = built.stages;
    if (!dev) throw new Error('no stage');
    const fns = Template.fromStack(dev.apiStack).findResources('AWS::Lambda::Function', {
      Properties: { Role: { 'Fn::GetAtt': [Match.stringLikeRegexp(`^${owner}Role`), 'Arn'] } },
    });
    const code = (Object.values(fns)[0] as { Properties: { Code: { S3Key: string } } }).Properties.Code;
    const hash = code.S3Key.replace(/\.zip$/, '');
    return fs.readFileSync(path.join(assembly.directory, `asset.${hash}`, 'index.js'), 'utf8');
  }

  it('bundles the real pricing handler (warm-up answer and EMF cache-source metric inside)', () => {
    // Act
    const bundle = bundleOf('Price');

    // Assess
    expect(bundle).toContain('CacheSource');
    expect(bundle).toContain('warmed');
  });

  it('bundles the real keep-warm handler', () => {
    // Act
    const bundle = bundleOf('KeepWarm');

    // Assess
    expect(bundle).toContain('WarmContainers');
    expect(bundle).toContain('TARGET_FUNCTION_NAME');
  });
});

describe('pipeline', () => {
  it('is a self-mutating codepipeline v2 in the tooling account', () => {
    // Prepare
    const stack = built.pipelineStack;
    if (!stack) throw new Error('no pipeline stack');

    // Assess
    expectResource(Template.fromStack(stack), 'AWS::CodePipeline::Pipeline', { PipelineType: 'V2' });
    expect(stack.account).toBe(pipelineConfig.account);
    expect(pipelineStages().map((s) => s.Name)).toContain('UpdatePipeline');
  });

  it('takes its source from the configured connection', () => {
    // Act
    const source = pipelineStages()[0]?.Actions[0];

    // Assess
    expect(source?.ActionTypeId).toMatchObject({ Category: 'Source', Provider: 'CodeStarSourceConnection' });
    expect(source?.Configuration).toMatchObject({
      ConnectionArn: pipelineConfig.connectionArn,
      FullRepositoryId: pipelineConfig.repository,
      BranchName: pipelineConfig.branch,
    });
  });

  it('runs npm ci, the nx lint/typecheck/test targets and cdk synth in the synth step', () => {
    // Prepare
    const stack = built.pipelineStack;
    if (!stack) throw new Error('no pipeline stack');

    // Act
    const projects = Template.fromStack(stack).findResources('AWS::CodeBuild::Project');
    const specs = Object.values(projects).map((p) =>
      String((p as { Properties: { Source: { BuildSpec: string } } }).Properties.Source.BuildSpec),
    );
    const synthSpec = specs.find((s) => s.includes('npx cdk synth'));

    // Assess
    expect(synthSpec).toBeDefined();
    for (const command of SYNTH_COMMANDS) expect(synthSpec).toContain(command);
  });

  it('deploys dev, then staging, then prod', () => {
    // Act: a wave with one stage is named after the stage (BetBuilder-dev-eu-west-1)
    const names = pipelineStages().map((s) => s.Name);
    const position = (env: string): number =>
      names.findIndex((n) => n === env || n.startsWith(`BetBuilder-${env}-`));

    // Assess
    expect(position('dev')).toBeGreaterThan(names.indexOf('UpdatePipeline'));
    expect(position('dev')).toBeLessThan(position('staging'));
    expect(position('staging')).toBeLessThan(position('prod'));
  });

  it('asks for a manual approval before anything is deployed to prod', () => {
    // Act
    const prod = pipelineStages().find((s) => s.Name === 'prod');
    const approval = prod?.Actions.find((a) => a.ActionTypeId.Category === 'Approval');
    const firstDeploy = Math.min(
      ...(prod?.Actions.filter((a) => a.ActionTypeId.Category === 'Deploy').map((a) => a.RunOrder ?? 1) ??
        []),
    );

    // Assess
    expect(approval?.Name).toBe('PromoteToProd');
    expect(approval?.RunOrder ?? 1).toBeLessThan(firstDeploy);
  });

  it('deploys the prod regions in parallel', () => {
    // Act
    const prod = pipelineStages().find((s) => s.Name === 'prod');
    const networkDeploys =
      prod?.Actions.filter(
        (a) => a.ActionTypeId.Category === 'Deploy' && a.Name.includes('Network.Deploy'),
      ) ?? [];

    // Assess: one per region, same run order
    expect(networkDeploys.map((a) => a.Name).sort()).toEqual([
      'BetBuilder-prod-eu-central-1.Network.Deploy',
      'BetBuilder-prod-eu-west-1.Network.Deploy',
    ]);
    expect(new Set(networkDeploys.map((a) => a.RunOrder)).size).toBe(1);
  });

  it('smoke-tests every environment after it is deployed', () => {
    // Act
    const smoke = pipelineStages().flatMap((s) =>
      s.Actions.filter((a) => a.Name.includes('SmokeTest')).map((a) => a.Name),
    );

    // Assess
    expect(smoke.map((n) => n.replace(/^.*SmokeTest-/, '')).sort()).toEqual(
      environments.map(environmentId).sort(),
    );
  });
});
