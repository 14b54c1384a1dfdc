import { CfnResource } from 'aws-cdk-lib';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { buildApp, VALIDATE_AGAINST_DEFAULT_RULES } from '../../src/app';
import { EnvironmentConfigError } from '../../src/config/EnvironmentConfigError';
import { environments } from '../../src/config/environments';
import type { EnvironmentConfig } from '../../src/config/types';
import { committedContext, FIXTURE_ENTRIES } from '../support/context';

// These tests check synth-time guards, not bundling: they use a no-op handler entry to stay fast.
// tests/unit/stacks.test.ts and app.test.ts synthesise the real handlers. The first synth in a process also
// starts the CloudFormation validation engine, hence the generous timeouts on a shared 2-core machine.
const SYNTH_TIMEOUT_MS = 120_000;

function envOf(name: string): EnvironmentConfig {
  const found = environments.find((e) => e.name === name);
  if (!found) throw new Error(name);
  return found;
}

function synthOne(
  config: EnvironmentConfig,
  mutate?: (stage: ReturnType<typeof buildApp>['stages'][number]) => void,
): () => void {
  const built = buildApp({
    environments: [config],
    withPipeline: false,
    handlerEntries: FIXTURE_ENTRIES,
    context: committedContext(),
  });
  const stage = built.stages[0];
  if (!stage) throw new Error('no stage');
  mutate?.(stage);
  return () => built.app.synth();
}

describe('synth-time guards', () => {
  it(
    'synthesises a dev environment cleanly (the baseline the other guards break)',
    () => {
      // Act + Assess
      expect(synthOne(envOf('dev'))).not.toThrow();
    },
    SYNTH_TIMEOUT_MS,
  );

  it(
    'fails synthesis when a data subnet cannot hold the cache, dax and endpoint addresses plus headroom',
    () => {
      // Prepare: prod-like data layer squeezed into /28 data subnets over two azs
      const prod = envOf('prod');
      const cramped: EnvironmentConfig = {
        ...prod,
        region: 'eu-west-1',
        vpc: {
          cidr: '10.40.0.0/20',
          azCount: 2,
          lambdaSubnetMask: 24,
          dataSubnetMask: 28,
          interfaceEndpoints: ['secretsmanager', 'xray', 'logs'],
        },
      };

      // Act + Assess: (2 cache + 1) + (2 dax + 1) + 3 endpoints = 9, x2 headroom = 18 > 11 usable
      expect(synthOne(cramped)).toThrow(
        /data subnet \/28 is too small: it has 11 usable addresses but needs 18 \(9 \+ headroom; cache nodes \(3 over 2 az, \+1 replacement\): 3, dax nodes \(3 over 2 az, \+1 replacement\): 3, interface endpoint enis \(3\): 3\)/,
      );
    },
    SYNTH_TIMEOUT_MS,
  );

  it(
    'fails synthesis on an unacknowledged cdk-nag finding',
    () => {
      // Prepare: a queue without a DLQ or TLS enforcement, acknowledged nowhere
      const run = synthOne(envOf('dev'), (stage) => {
        new sqs.Queue(stage.apiStack, 'UnreviewedQueue');
      });

      // Act + Assess
      expect(run).toThrow(/AwsSolutions-SQS3/);
    },
    SYNTH_TIMEOUT_MS,
  );

  it(
    'fails synthesis on a cloudformation validation finding',
    () => {
      // Prepare: a property the resource type does not have
      const run = synthOne(envOf('dev'), (stage) => {
        new CfnResource(stage.apiStack, 'Broken', {
          type: 'AWS::SQS::Queue',
          properties: { NotAQueueProperty: 1 },
        });
      });

      // Act + Assess
      expect(run).toThrow(/NotAQueueProperty/);
    },
    SYNTH_TIMEOUT_MS,
  );

  it(
    'turns cloudformation validation findings into errors whatever cdk.json says',
    () => {
      // Act
      const built = buildApp({
        environments: [envOf('dev')],
        withPipeline: false,
        handlerEntries: FIXTURE_ENTRIES,
        context: { ...committedContext(), [VALIDATE_AGAINST_DEFAULT_RULES]: false },
      });

      // Assess
      expect(built.app.node.tryGetContext(VALIDATE_AGAINST_DEFAULT_RULES)).toBe(true);
    },
    SYNTH_TIMEOUT_MS,
  );

  it(
    'rejects an invalid environment before creating any construct',
    () => {
      // Prepare
      const bad = { ...envOf('dev'), vpc: { ...envOf('dev').vpc, cidr: '10.10.0.0/28' } };

      // Act + Assess
      expect(() =>
        buildApp({ environments: [bad], withPipeline: false, handlerEntries: FIXTURE_ENTRIES }),
      ).toThrow(EnvironmentConfigError);
    },
    SYNTH_TIMEOUT_MS,
  );
});
