import { Template } from 'aws-cdk-lib/assertions';
import type { CloudAssembly } from 'aws-cdk-lib/cx-api';
import { buildApp, type BuildAppOptions, type BuiltApp } from '../../src/app';
import type { BetBuilderStage } from '../../src/BetBuilderStage';
import { committedContext } from './context';

export interface SynthResult {
  readonly built: BuiltApp;
  readonly assembly: CloudAssembly;
}

/** Builds and synthesises the app once (nag + CloudFormation validation run here and throw on findings). */
export function synthApp(options: Omit<BuildAppOptions, 'context'> = {}): SynthResult {
  const built = buildApp({ ...options, context: committedContext() });
  const assembly = built.app.synth();
  return { built, assembly };
}

/** The stage of one environment, by id (`dev-eu-west-1`). */
export function stageOf(built: BuiltApp, id: string): BetBuilderStage {
  const stage = built.stages.find((s) => s.stageName === `BetBuilder-${id}`);
  if (!stage) throw new Error(`no stage for ${id}; have ${built.stages.map((s) => s.stageName).join(', ')}`);
  return stage;
}

/** Templates of one stage's four stacks. */
export function templatesOf(stage: BetBuilderStage): Record<'network' | 'data' | 'cache' | 'api', Template> {
  return {
    network: Template.fromStack(stage.network),
    data: Template.fromStack(stage.data),
    cache: Template.fromStack(stage.cache),
    api: Template.fromStack(stage.apiStack),
  };
}

/** `template.hasResourceProperties`, named so lint knows it asserts. */
export function expectResource(template: Template, type: string, props: unknown): void {
  template.hasResourceProperties(type, props);
}

/** `template.resourceCountIs`, named so lint knows it asserts. */
export function expectResourceCount(template: Template, type: string, count: number): void {
  template.resourceCountIs(type, count);
}
