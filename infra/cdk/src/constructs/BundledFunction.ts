import type { Duration, RemovalPolicy } from 'aws-cdk-lib';
import { Validations } from 'aws-cdk-lib';
import type * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as nodejs from 'aws-cdk-lib/aws-lambda-nodejs';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import * as path from 'node:path';
import { REPO_ROOT } from '../paths';

export interface BundledFunctionProps {
  /** Absolute path of the TypeScript handler file (exports `handler`). */
  readonly entry: string;
  readonly description: string;
  readonly memorySizeMiB: number;
  readonly timeout: Duration;
  readonly architecture: lambda.Architecture;
  readonly environment: Record<string, string>;
  /** Attach to these subnets/security groups. @default - not in a VPC */
  readonly vpc?: {
    readonly vpc: ec2.IVpc;
    readonly subnetGroupName: string;
    readonly securityGroups: ec2.ISecurityGroup[];
  };
  /** @default - unreserved */
  readonly reservedConcurrentExecutions?: number;
  readonly logRetention: logs.RetentionDays;
  readonly removalPolicy: RemovalPolicy;
  /** Why any other `Resource::*` statement the caller adds to this role is unavoidable. @default - none added */
  readonly extraWildcardReason?: string;
}

/**
 * A Node.js 22 / X-Ray-active Lambda bundled by local esbuild (no Docker), with its own log group and a
 * role that starts empty: it can write to its log group, send traces and (in a VPC) manage its ENIs,
 * and everything else is granted by name by the caller.
 */
export class BundledFunction extends Construct {
  readonly fn: nodejs.NodejsFunction;
  readonly role: iam.Role;
  readonly logGroup: logs.LogGroup;

  constructor(scope: Construct, id: string, props: BundledFunctionProps) {
    super(scope, id);
    this.logGroup = new logs.LogGroup(this, 'Logs', {
      retention: props.logRetention,
      removalPolicy: props.removalPolicy,
    });
    this.role = new iam.Role(this, 'Role', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: `${id} Lambda`,
    });
    this.role.addToPolicy(
      new iam.PolicyStatement({
        actions: ['logs:CreateLogStream', 'logs:PutLogEvents'],
        resources: [this.logGroup.logGroupArn],
      }),
    );
    if (props.vpc) {
      // Lambda manages the Hyperplane ENIs through these calls; EC2 does not scope them to a resource.
      this.role.addToPolicy(
        new iam.PolicyStatement({
          actions: [
            'ec2:CreateNetworkInterface',
            'ec2:DescribeNetworkInterfaces',
            'ec2:DescribeSubnets',
            'ec2:DeleteNetworkInterface',
            'ec2:AssignPrivateIpAddresses',
            'ec2:UnassignPrivateIpAddresses',
          ],
          resources: ['*'],
        }),
      );
    }

    this.fn = new nodejs.NodejsFunction(this, 'Function', {
      entry: props.entry,
      handler: 'handler',
      description: props.description,
      runtime: lambda.Runtime.NODEJS_22_X,
      architecture: props.architecture,
      memorySize: props.memorySizeMiB,
      timeout: props.timeout,
      tracing: lambda.Tracing.ACTIVE,
      role: this.role,
      logGroup: this.logGroup,
      environment: props.environment,
      reservedConcurrentExecutions: props.reservedConcurrentExecutions,
      projectRoot: REPO_ROOT,
      depsLockFilePath: path.join(REPO_ROOT, 'package-lock.json'),
      bundling: {
        forceDockerBundling: false,
        minify: true,
        target: 'node22',
        format: nodejs.OutputFormat.CJS,
        // Bundle the AWS SDK too: the exact tested versions ship, not whatever the runtime carries.
        externalModules: [],
      },
      ...(props.vpc
        ? {
            vpc: props.vpc.vpc,
            vpcSubnets: { subnetGroupName: props.vpc.subnetGroupName },
            securityGroups: props.vpc.securityGroups,
          }
        : {}),
    });

    const policy = this.role.node.tryFindChild('DefaultPolicy');
    if (policy) {
      Validations.of(policy).acknowledge({
        id: 'AwsSolutions-IAM5[Resource::*]',
        reason:
          `${id} role: xray:PutTraceSegments/PutTelemetryRecords have no resource-level permissions` +
          (props.vpc
            ? ', and Lambda creates/deletes its VPC ENIs (ec2:*NetworkInterface*) before they have ids'
            : '') +
          (props.extraWildcardReason ? `; ${props.extraWildcardReason}` : ''),
      });
    }
    Validations.of(this.fn).acknowledge({
      id: 'AwsSolutions-L1',
      reason: `${id}: nodejs22.x is the runtime the service is built and tested on (issue 6); moving to 24.x is a separate, tested change`,
    });
  }
}
