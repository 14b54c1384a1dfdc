import { RemovalPolicy, Stack, type StackProps } from 'aws-cdk-lib';
import * as dax from 'aws-cdk-lib/aws-dax';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import type * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import type { Construct } from 'constructs';
import type { DataPlacement, EnvironmentConfig } from '../config/types';
import { sdkLookup } from '../constructs/sdkCallProvider';
import { DATA_SUBNETS } from './NetworkStack';

export interface DataStackProps extends StackProps {
  readonly config: EnvironmentConfig;
  /** The environment's global table: its home region owns it, the other regions use their replica. */
  readonly placement: DataPlacement;
  readonly vpc: ec2.IVpc;
  readonly daxSecurityGroup: ec2.ISecurityGroup;
}

/** What the API stack needs of a DAX cluster (and nothing of its CloudFormation resource). */
export interface DaxClusterRef {
  /** `daxs://…` cluster discovery endpoint. */
  readonly discoveryEndpoint: string;
  readonly clusterArn: string;
  /** The cluster name (CloudWatch dimension `ClusterId`). */
  readonly clusterName: string;
}

/** The DynamoDB actions DAX performs on the table on the callers' behalf (read-through and write-through). */
export const DAX_TABLE_ACTIONS = [
  'dynamodb:BatchGetItem',
  'dynamodb:BatchWriteItem',
  'dynamodb:ConditionCheckItem',
  'dynamodb:DeleteItem',
  'dynamodb:DescribeTable',
  'dynamodb:GetItem',
  'dynamodb:PutItem',
  'dynamodb:Query',
  'dynamodb:Scan',
  'dynamodb:UpdateItem',
] as const;

/**
 * Stateful data: the opinions global table (stream NEW_AND_OLD_IMAGES on every replica feeds that region's cache
 * primer) and the optional DAX cluster in front of this region's replica. The home region's stack owns the
 * `AWS::DynamoDB::GlobalTable` with one replica per region of the environment; every other region's stack reads
 * its own replica's stream ARN (known only once the replica exists, so the home region deploys first; ADR 0008).
 */
export class DataStack extends Stack {
  /** This region's replica of the global table (same name everywhere). */
  readonly table: dynamodb.ITableV2;
  /** The global table, in the home region's stack only. */
  readonly globalTable?: dynamodb.TableV2;
  /** True in the region that takes the writes. */
  readonly isHomeRegion: boolean;
  /** The DAX cluster, when the environment enables it. */
  readonly dax?: DaxClusterRef;

  constructor(scope: Construct, id: string, props: DataStackProps) {
    super(scope, id, props);
    const { config, placement } = props;
    const prod = config.name === 'prod';
    this.isHomeRegion = placement.homeRegion === config.region;

    if (this.isHomeRegion) {
      this.globalTable = new dynamodb.TableV2(this, 'Opinions', {
        tableName: placement.tableName,
        partitionKey: { name: 'fixtureId', type: dynamodb.AttributeType.STRING },
        billing: dynamodb.Billing.onDemand(),
        pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
        deletionProtection: prod,
        encryption: dynamodb.TableEncryptionV2.awsManagedKey(),
        // NEW_AND_OLD_IMAGES, not just NEW_IMAGE: a REMOVE record then carries the old image, whose inputsVersion
        // names the cache entry the primer must delete. A global table with replicas must stream; this applies to all.
        dynamoStream: dynamodb.StreamViewType.NEW_AND_OLD_IMAGES,
        replicas: placement.regions
          .filter((r) => r !== config.region)
          .map((region) => ({ region, deletionProtection: prod })),
        removalPolicy: config.name === 'dev' ? RemovalPolicy.DESTROY : RemovalPolicy.RETAIN,
      });
      this.table = this.globalTable;
    } else {
      this.table = dynamodb.TableV2.fromTableAttributes(this, 'Opinions', {
        tableName: placement.tableName,
        tableStreamArn: replicaStreamArn(this, placement.tableName),
      });
    }

    if (config.dax.enabled) {
      const role = new iam.Role(this, 'DaxRole', {
        assumedBy: new iam.ServicePrincipal('dax.amazonaws.com'),
        description: 'DAX access to the opinions table only',
      });
      role.addToPolicy(
        new iam.PolicyStatement({ actions: [...DAX_TABLE_ACTIONS], resources: [this.table.tableArn] }),
      );

      const subnetGroup = new dax.CfnSubnetGroup(this, 'DaxSubnets', {
        description: 'DAX nodes in the data subnets',
        subnetIds: props.vpc.selectSubnets({ subnetGroupName: DATA_SUBNETS }).subnetIds,
      });
      const parameters = new dax.CfnParameterGroup(this, 'DaxParameters', {
        description: 'Short item TTL: opinion writes bypass DAX, so the TTL bounds staleness',
        parameterNameValues: {
          'record-ttl-millis': String(config.dax.itemTtlMs),
          'query-ttl-millis': String(config.dax.itemTtlMs),
        },
      });

      const cluster = new dax.CfnCluster(this, 'Dax', {
        description: 'Read-through cache in front of the opinions table',
        iamRoleArn: role.roleArn,
        nodeType: config.dax.nodeType,
        replicationFactor: config.dax.nodeCount,
        subnetGroupName: subnetGroup.ref,
        parameterGroupName: parameters.ref,
        securityGroupIds: [props.daxSecurityGroup.securityGroupId],
        sseSpecification: { sseEnabled: true },
        clusterEndpointEncryptionType: 'TLS',
      });
      // The role's policy must exist before DAX validates that it can reach the table.
      cluster.node.addDependency(role);
      this.dax = {
        discoveryEndpoint: cluster.attrClusterDiscoveryEndpointUrl,
        clusterArn: cluster.attrArn,
        clusterName: cluster.ref,
      };
    }
  }
}

/**
 * The stream ARN of this region's replica. It carries a creation timestamp, so it cannot be written down, and the
 * global table resource lives in another region's stack: a DescribeTable at deploy time reads it.
 */
function replicaStreamArn(scope: Stack, tableName: string): string {
  const tableArn = scope.formatArn({ service: 'dynamodb', resource: 'table', resourceName: tableName });
  return sdkLookup(
    scope,
    'ReplicaStreamArn',
    { service: 'DynamoDB', action: 'describeTable', parameters: { TableName: tableName } },
    [tableArn],
    'Table.LatestStreamArn',
  );
}
