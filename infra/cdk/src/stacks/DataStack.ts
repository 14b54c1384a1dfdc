import { RemovalPolicy, Stack, type StackProps } from 'aws-cdk-lib';
import * as dax from 'aws-cdk-lib/aws-dax';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import type * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import { OPINION_TABLE } from '@betbuilder/pricing-lambda';
import type { Construct } from 'constructs';
import type { EnvironmentConfig } from '../config/types';
import { DATA_SUBNETS } from './NetworkStack';

export interface DataStackProps extends StackProps {
  readonly config: EnvironmentConfig;
  readonly vpc: ec2.IVpc;
  readonly daxSecurityGroup: ec2.ISecurityGroup;
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

/** Stateful data: the opinions table (stream NEW_AND_OLD_IMAGES feeds the cache primer) and the optional DAX cluster. */
export class DataStack extends Stack {
  readonly table: dynamodb.Table;
  /** The DAX cluster, when the environment enables it. */
  readonly daxCluster?: dax.CfnCluster;

  constructor(scope: Construct, id: string, props: DataStackProps) {
    super(scope, id, props);
    const { config } = props;
    const prod = config.name === 'prod';

    this.table = new dynamodb.Table(this, 'Opinions', {
      partitionKey: { name: 'fixtureId', type: dynamodb.AttributeType.STRING },
      billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      deletionProtection: prod,
      encryption: dynamodb.TableEncryption.AWS_MANAGED,
      // NEW_AND_OLD_IMAGES, not just NEW_IMAGE: a REMOVE record then carries the old image, whose inputsVersion
      // names the cache entry the primer must delete (a NEW_IMAGE REMOVE record has only the key).
      stream: dynamodb.StreamViewType.NEW_AND_OLD_IMAGES,
      removalPolicy: config.name === 'dev' ? RemovalPolicy.DESTROY : RemovalPolicy.RETAIN,
    });

    // GET /v1/fixtures: fixtures by status in kickoff order, from a small projection (ADR 0015). The key names and the
    // projection come from the handler's own table definition, so the index and the queries cannot disagree.
    const { listIndex } = OPINION_TABLE;
    this.table.addGlobalSecondaryIndex({
      indexName: listIndex.name,
      partitionKey: { name: listIndex.partitionKey, type: dynamodb.AttributeType.STRING },
      sortKey: { name: listIndex.sortKey, type: dynamodb.AttributeType.STRING },
      projectionType: dynamodb.ProjectionType.INCLUDE,
      nonKeyAttributes: [...listIndex.projected],
    });

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

      this.daxCluster = new dax.CfnCluster(this, 'Dax', {
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
      this.daxCluster.node.addDependency(role);
    }
  }
}
