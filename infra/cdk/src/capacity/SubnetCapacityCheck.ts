import { Stack, Stage } from 'aws-cdk-lib';
import { CfnVPCEndpoint, type IVpc } from 'aws-cdk-lib/aws-ec2';
import { CfnCluster as CfnDaxCluster } from 'aws-cdk-lib/aws-dax';
import { CfnReplicationGroup, CfnServerlessCache } from 'aws-cdk-lib/aws-elasticache';
import { CfnFunction } from 'aws-cdk-lib/aws-lambda';
import { Construct, type IConstruct } from 'constructs';
import { parseCidr } from '../config/cidr';
import {
  describeShortfall,
  planSubnetCapacity,
  type CapacityInputs,
  type SubnetCapacity,
} from './ipCapacity';

export interface SubnetCapacityCheckProps {
  readonly vpc: IVpc;
  /** Subnet group holding the Lambda Hyperplane ENIs. */
  readonly lambdaSubnetGroupName: string;
  /** Subnet group holding cache nodes, DAX nodes and interface endpoints. */
  readonly dataSubnetGroupName: string;
  readonly headroomPercent: number;
  /** Peak concurrency assumed for a VPC function that has no reserved concurrency. */
  readonly assumedPeakConcurrency: number;
  readonly connectionsPerExecutionEnvironment: number;
}

/**
 * Synth-time IP capacity check. At validation time (after every stack of the stage exists) it reads
 * what was actually synthesised in this stage — VPC-attached functions and their security groups and
 * reserved concurrency, cache and DAX node counts, interface endpoints — and fails synthesis with a
 * lowercase message when a subnet cannot hold them plus headroom. See docs/adr/0004-vpc-ip-capacity.md.
 *
 * @example
 * new SubnetCapacityCheck(this, 'IpCapacity', { vpc, lambdaSubnetGroupName: 'lambda', dataSubnetGroupName: 'data',
 *   headroomPercent: 100, assumedPeakConcurrency: 1000, connectionsPerExecutionEnvironment: 3 });
 */
export class SubnetCapacityCheck extends Construct {
  constructor(
    scope: Construct,
    id: string,
    private readonly props: SubnetCapacityCheckProps,
  ) {
    super(scope, id);
    this.node.addValidation({
      validate: () =>
        this.plan()
          .filter((c) => !c.fits)
          .map(describeShortfall),
    });
  }

  /** The capacity verdict for the stage as built so far (the validation uses the same numbers). */
  plan(): SubnetCapacity[] {
    return planSubnetCapacity(this.inputs());
  }

  /** The inputs read from the construct tree. */
  inputs(): CapacityInputs {
    const root: IConstruct = Stage.of(this) ?? this.node.root;
    const all = root.node.findAll();
    const vpcStack = Stack.of(this.props.vpc);

    const sgSets = new Set<string>();
    let peak = 0;
    for (const fn of all.filter((c): c is CfnFunction => c instanceof CfnFunction)) {
      // Resolving the L1 property keeps its camelCase keys; the ids resolve to comparable JSON.
      const resolved = Stack.of(fn).resolve(fn.vpcConfig) as { securityGroupIds?: unknown[] } | undefined;
      const sgIds = resolved?.securityGroupIds;
      if (!sgIds?.length) continue;
      sgSets.add(JSON.stringify(sgIds.map((x) => JSON.stringify(x)).sort()));
      const reserved = fn.reservedConcurrentExecutions;
      peak += typeof reserved === 'number' ? reserved : this.props.assumedPeakConcurrency;
    }

    let cacheNodes = 0;
    let serverless = false;
    let daxNodes = 0;
    let endpoints = 0;
    for (const c of all) {
      if (c instanceof CfnReplicationGroup) {
        cacheNodes += c.numCacheClusters ?? (c.numNodeGroups ?? 1) * (1 + (c.replicasPerNodeGroup ?? 0));
      } else if (c instanceof CfnServerlessCache) {
        serverless = true;
      } else if (c instanceof CfnDaxCluster) {
        daxNodes += c.replicationFactor;
      } else if (
        c instanceof CfnVPCEndpoint &&
        c.vpcEndpointType === 'Interface' &&
        Stack.of(c) === vpcStack
      ) {
        endpoints += 1;
      }
    }

    return {
      azCount: this.props.vpc.availabilityZones.length,
      lambdaSubnetMask: this.maskOf(this.props.lambdaSubnetGroupName),
      dataSubnetMask: this.maskOf(this.props.dataSubnetGroupName),
      lambdaSecurityGroupCombinations: sgSets.size,
      peakConcurrency: peak,
      connectionsPerExecutionEnvironment: this.props.connectionsPerExecutionEnvironment,
      cacheNodes,
      serverlessCache: serverless,
      daxNodes,
      interfaceEndpoints: endpoints,
      headroomPercent: this.props.headroomPercent,
    };
  }

  private maskOf(subnetGroupName: string): number {
    const subnet = this.props.vpc.selectSubnets({ subnetGroupName }).subnets[0];
    const cidr = subnet ? parseCidr(subnet.ipv4CidrBlock) : undefined;
    if (!cidr) throw new Error(`subnet group '${subnetGroupName}' has no subnet with a literal cidr`);
    return cidr.prefix;
  }
}
