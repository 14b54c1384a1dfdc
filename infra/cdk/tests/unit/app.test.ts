import { Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import type { CloudAssembly } from 'aws-cdk-lib/cx-api';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { BuiltApp } from '../../src/app';
import { environments, pipelineConfig } from '../../src/config/environments';
import { environmentId } from '../../src/config/types';
import {
  CDK_ASSETS_VERSION,
  CDK_CLI_VERSION,
  SMOKE_TEST_COMMANDS,
  SYNTH_COMMANDS,
  SYNTH_INSTALL_COMMANDS,
} from '../../src/stacks/PipelineStack';
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

/** The buildspec of every CodeBuild project of the pipeline. */
function buildSpecs(): string[] {
  const projects = Template.fromStack(built.pipelineStack!).findResources('AWS::CodeBuild::Project');
  return Object.values(projects).map((p) =>
    String((p as { Properties: { Source: { BuildSpec: string } } }).Properties.Source.BuildSpec),
  );
}

function pipelineStages(): PipelineStage[] {
  const stack = built.pipelineStack;
  if (!stack) throw new Error('no pipeline stack');
  const pipelines = Template.fromStack(stack).findResources('AWS::CodePipeline::Pipeline');
  const props = (Object.values(pipelines)[0] as { Properties: { Stages: PipelineStage[] } }).Properties;
  return props.Stages;
}

/** Every statement of the pipeline stack's IAM policies. */
function pipelinePolicyStatements(): { Action: unknown; Resource: unknown }[] {
  type Policy = { Properties: { PolicyDocument: { Statement: { Action: unknown; Resource: unknown }[] } } };
  const policies = Template.fromStack(built.pipelineStack!).findResources('AWS::IAM::Policy');
  return Object.values(policies).flatMap((p) => (p as Policy).Properties.PolicyDocument.Statement);
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

  it('names the waf log group the same whether a stage is deployed by hand or by the pipeline', () => {
    // Act
    const wafLogGroupName = (stack: Stack): unknown => {
      const groups = Template.fromStack(stack).findResources('AWS::Logs::LogGroup');
      const names = Object.values(groups).map(
        (g) => (g as { Properties: { LogGroupName?: unknown } }).Properties.LogGroupName,
      );
      return names.find((n) => JSON.stringify(n ?? null).includes('aws-waf-logs-'));
    };
    const byHand = built.stages.map((s) => wafLogGroupName(s.apiStack));
    const byPipeline = built.pipelineStack!.stages.map((s) => wafLogGroupName(s.apiStack));

    // Assess
    expect(byHand.every((n) => n !== undefined)).toBe(true);
    expect(byPipeline).toEqual(byHand);
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
  /** The asset directory of a function of one environment's stage (`dev` has no DAX, `staging` has). */
  function assetOf(owner: string, env = 'dev'): string {
    const stage = built.stages.find((s) => s.stageName.startsWith(`BetBuilder-${env}-`));
    if (!stage) throw new Error(`no stage ${env}`);
    const fns = Template.fromStack(stage.apiStack).findResources('AWS::Lambda::Function', {
      Properties: { Role: { 'Fn::GetAtt': [Match.stringLikeRegexp(`^${owner}Role`), 'Arn'] } },
    });
    const code = (Object.values(fns)[0] as { Properties: { Code: { S3Key: string } } }).Properties.Code;
    return path.join(assembly.directory, `asset.${code.S3Key.replace(/\.zip$/, '')}`);
  }
  function bundleOf(owner: string, env = 'dev'): string {
    return fs.readFileSync(path.join(assetOf(owner, env), 'index.js'), 'utf8');
  }
  const KB = 1024;

  it('keeps the price bundle at or under 1 MB (with dax beside it, loaded on first use)', () => {
    // Assess
    expect(fs.statSync(path.join(assetOf('Price', 'staging'), 'index.js')).size).toBeLessThanOrEqual(
      1024 * KB,
    );
  });

  it('keeps the opinion bundle at or under 600 KB', () => {
    // Assess
    expect(fs.statSync(path.join(assetOf('Opinion'), 'index.js')).size).toBeLessThanOrEqual(600 * KB);
  });

  it('ships the dax client beside the price bundle where the environment has dax, not inside it', () => {
    // Act
    const asset = assetOf('Price', 'staging');

    // Assess
    expect(fs.existsSync(path.join(asset, 'node_modules', '@amazon-dax-sdk', 'lib-dax', 'index.js'))).toBe(
      true,
    );
    expect(bundleOf('Price', 'staging').includes('DaxClientError')).toBe(false);
  });

  it('leaves the dax client out of the opinion and primer functions', () => {
    // Assess
    for (const owner of ['Opinion', 'Primer']) {
      expect(fs.existsSync(path.join(assetOf(owner, 'staging'), 'node_modules'))).toBe(false);
      expect({ owner, dax: bundleOf(owner, 'staging').includes('DaxClientError') }).toEqual({
        owner,
        dax: false,
      });
    }
  });

  it('leaves ioredis out of the opinion function', () => {
    // Assess: ioredis' error class names survive minification
    expect(bundleOf('Primer').includes('ReplyError')).toBe(true);
    expect(bundleOf('Opinion').includes('ReplyError')).toBe(false);
  });

  it('ships an external source map with every function', () => {
    // Assess
    for (const owner of ['Price', 'Opinion', 'Primer', 'KeepWarm']) {
      expect(fs.existsSync(path.join(assetOf(owner), 'index.js.map'))).toBe(true);
    }
  });

  it('bundles the real pricing handler (warm-up answer and EMF cache-source metric inside)', () => {
    // Act
    const bundle = bundleOf('Price');

    // Assess
    expect(bundle.includes('CacheSource')).toBe(true);
    expect(bundle.includes('warmed')).toBe(true);
  });

  it('bundles the real keep-warm handler', () => {
    // Act
    const bundle = bundleOf('KeepWarm');

    // Assess
    expect(bundle.includes('WarmContainers')).toBe(true);
    expect(bundle.includes('TARGET_FUNCTION_NAME')).toBe(true);
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
    // Act
    const synthSpec = buildSpecs().find((s) => s.includes('cdk synth'));

    // Assess
    expect(synthSpec).toBeDefined();
    for (const command of SYNTH_COMMANDS) expect(synthSpec).toContain(command);
  });

  it('installs redis-server in the synth step before the tests run', () => {
    // Act
    const synth = JSON.parse(buildSpecs().find((s) => s.includes('cdk synth')) ?? '{}') as {
      phases: { install: { commands: string[] } };
    };

    // Assess
    expect(synth.phases.install.commands).toEqual(expect.arrayContaining([...SYNTH_INSTALL_COMMANDS]));
    expect(SYNTH_INSTALL_COMMANDS.join(' ')).toContain(
      'apt-get install -y --no-install-recommends redis-server',
    );
  });

  it('pins the cdk cli of self-mutation to the repository version', () => {
    // Act
    const selfMutate = buildSpecs().find((s) => s.includes('cdk -a . deploy'));

    // Assess
    expect(selfMutate).toContain(`aws-cdk@${CDK_CLI_VERSION}`);
  });

  it('pins cdk-assets in the asset publishing steps', () => {
    // Act
    const assets = buildSpecs().filter((s) => s.includes('cdk-assets'));

    // Assess
    expect(assets.length).toBeGreaterThan(0);
    for (const spec of assets) expect(spec).toContain(`cdk-assets@${CDK_ASSETS_VERSION}`);
  });

  it('writes asset manifests that the pinned cdk-assets reads (the pipeline publishes with it)', () => {
    // Arrange: the pinned release itself (a devDependency of the same version), one manifest per nested assembly
    const pkg = JSON.parse(fs.readFileSync(require.resolve('cdk-assets/package.json'), 'utf8')) as {
      version: string;
    };
    const bin = require.resolve('cdk-assets/bin/cdk-assets');
    const manifests = new Map<string, string>();
    const walk = (dir: string): void => {
      for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
        const file = path.join(dir, entry.name);
        if (entry.isDirectory()) walk(file);
        else if (entry.name.endsWith('.assets.json') && !manifests.has(dir)) manifests.set(dir, file);
      }
    };
    walk(assembly.directory);

    // Act: `cdk-assets ls` reads and validates a manifest, as the Assets actions' `cdk-assets publish` does first
    const refused = [...manifests.values()]
      .map((file) => ({
        file,
        run: spawnSync(process.execPath, [bin, 'ls', '-p', file], { encoding: 'utf8' }),
      }))
      .filter(({ run }) => run.status !== 0)
      .map(({ file, run }) => `${path.relative(assembly.directory, file)}: ${run.stderr.split('\n')[0]}`);

    // Assess
    expect(pkg.version).toBe(CDK_ASSETS_VERSION);
    expect(manifests.size).toBeGreaterThan(1);
    expect(refused).toEqual([]);
  });

  it('lets the source action use the connection with the codeconnections action', () => {
    // Act
    const statements = pipelinePolicyStatements();

    // Assess
    expect(statements).toContainEqual(
      expect.objectContaining({
        Action: expect.arrayContaining(['codeconnections:UseConnection']) as unknown,
        Resource: pipelineConfig.connectionArn,
      }),
    );
  });

  it('runs the smoke test by invoking the functions, with the repository sdk installed first', () => {
    // Act
    const smoke = buildSpecs().filter((s) => s.includes('infra/cdk/scripts/smoke-test.ts'));

    // Assess
    expect(smoke).toHaveLength(environments.length);
    for (const spec of smoke) for (const command of SMOKE_TEST_COMMANDS) expect(spec).toContain(command);
  });

  it("runs a smoke test script that exists, with the repository's own tsx (no download)", () => {
    // Act
    const run = SMOKE_TEST_COMMANDS.find((c) => c.includes('smoke-test'));

    // Assess
    expect(run).toBe('npx --no-install tsx infra/cdk/scripts/smoke-test.ts');
    expect(
      fs.existsSync(path.join(__dirname, '..', '..', '..', '..', 'infra/cdk/scripts/smoke-test.ts')),
    ).toBe(true);
  });

  it('lets each smoke test invoke only pricing:live and the opinion function of its environment', () => {
    // Act
    const statements = pipelinePolicyStatements();

    // Assess
    expect(statements).toContainEqual(
      expect.objectContaining({
        Action: 'lambda:InvokeFunction',
        Resource: expect.arrayContaining([
          'arn:aws:lambda:eu-west-1:333333333333:function:betbuilder-prod-eu-west-1-price:live',
          'arn:aws:lambda:eu-west-1:333333333333:function:betbuilder-prod-eu-west-1-opinion',
        ]) as unknown,
      }),
    );
    expect(statements).toContainEqual(
      expect.objectContaining({
        Action: 'lambda:InvokeFunction',
        Resource: 'arn:aws:lambda:eu-central-1:333333333333:function:betbuilder-prod-eu-central-1-price:live',
      }),
    );
  });

  it('lets the pipeline account invoke pricing:live for the smoke test', () => {
    // Prepare
    const stage = built.pipelineStack!.stages.find((s) => s.stageName === 'BetBuilder-prod-eu-central-1');

    // Assess
    expectResource(Template.fromStack(stage!.apiStack), 'AWS::Lambda::Permission', {
      Action: 'lambda:InvokeFunction',
      Principal: pipelineConfig.account,
    });
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
    // The prod wave holds the home region's stage only (the replica region follows it), so it is named after it.
    const prod = pipelineStages().find((s) => s.Name === 'BetBuilder-prod-eu-west-1');
    const approval = prod?.Actions.find((a) => a.ActionTypeId.Category === 'Approval');
    const firstDeploy = Math.min(
      ...(prod?.Actions.filter((a) => a.ActionTypeId.Category === 'Deploy').map((a) => a.RunOrder ?? 1) ??
        []),
    );

    // Assess
    expect(approval?.Name).toBe('PromoteToProd');
    expect(approval?.RunOrder ?? 1).toBeLessThan(firstDeploy);
  });

  it('deploys the prod home region (which owns the global table) before the replica region', () => {
    // Act: a wave with one stage is named after the stage
    const names = pipelineStages().map((s) => s.Name);

    // Assess
    expect(names.indexOf('BetBuilder-prod-eu-west-1')).toBeGreaterThan(-1);
    expect(names.indexOf('BetBuilder-prod-eu-west-1')).toBeLessThan(
      names.indexOf('BetBuilder-prod-eu-central-1'),
    );
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
