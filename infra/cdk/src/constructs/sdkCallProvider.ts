import { Stack, Validations } from 'aws-cdk-lib';
import * as cr from 'aws-cdk-lib/custom-resources';
import type { Construct } from 'constructs';

/** The construct id CDK gives the one Lambda per stack that runs every AwsCustomResource's SDK calls. */
const PROVIDER_ID = 'AWS679f53fac002430cb0da5b7982bd2287';

/**
 * A deploy-time read-only AWS SDK call whose answer CloudFormation cannot give (`AwsCustomResource`), with the
 * finding on the stack's shared provider function acknowledged: its role carries only the managed basic-execution
 * policy (its own logs), and each call's permissions are granted to that role by name.
 *
 * @example
 * const arn = sdkLookup(stack, 'ReplicaStreamArn', describeTable, [tableArn], 'Table.LatestStreamArn');
 */
export function sdkLookup(
  scope: Construct,
  id: string,
  call: Omit<cr.AwsSdkCall, 'physicalResourceId' | 'outputPaths'>,
  resources: string[],
  outputPath: string,
  /** Why `resources` must be `*` (the action has no resource-level permissions). @default - resources are named */
  wildcardReason?: string,
): string {
  const sdkCall: cr.AwsSdkCall = {
    ...call,
    // The looked-up value is the resource's identity: a new value (a new stream, a new prefix list) replaces it.
    physicalResourceId: cr.PhysicalResourceId.fromResponse(outputPath),
    outputPaths: [outputPath],
  };
  const lookup = new cr.AwsCustomResource(scope, id, {
    onCreate: sdkCall,
    onUpdate: sdkCall,
    policy: cr.AwsCustomResourcePolicy.fromSdkCalls({ resources }),
    installLatestAwsSdk: false,
  });
  if (wildcardReason) {
    Validations.of(lookup).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason: `${id}: ${wildcardReason}`,
    });
  }
  const stack = Stack.of(scope);
  const provider = stack.node.tryFindChild(PROVIDER_ID);
  // CDK creates the provider's log group (`/aws/lambda/<provider>`) beside the function, in parallel with the call: if
  // the call runs first, Lambda creates that log group itself and the stack's own creation of it fails
  // (AlreadyExists), rolling the stack back. The call waits for the log group.
  const providerLogGroup = provider?.node.tryFindChild('LogGroup');
  if (providerLogGroup) lookup.node.addDependency(providerLogGroup);
  if (provider) {
    Validations.of(provider).acknowledge({
      id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
      reason: `${stack.stackName} AwsCustomResource provider: the managed policy only lets it write its own logs; the SDK calls it makes are granted by name`,
    });
  }
  return lookup.getResponseField(outputPath);
}
