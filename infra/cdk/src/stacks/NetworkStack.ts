import { RemovalPolicy, Stack, type StackProps } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as cr from 'aws-cdk-lib/custom-resources';
import type { Construct } from 'constructs';
import { SubnetCapacityCheck } from '../capacity/SubnetCapacityCheck';
import type { EnvironmentConfig } from '../config/types';
import { logsKey } from '../constructs/logsKey';
import { sdkLookup } from '../constructs/sdkCallProvider';

/** Subnet group names (stable: they are part of the subnets' construct ids). */
export const LAMBDA_SUBNETS = 'lambda';
export const DATA_SUBNETS = 'data';
/** Node-based replication groups listen on a non-default port (one less thing a scanner guesses). */
export const REPLICATION_GROUP_PORT = 6380;
/** ElastiCache Serverless: 6379 primary endpoint, 6380 reader endpoint (fixed by the service). */
export const SERVERLESS_PORTS = { from: 6379, to: 6380 } as const;
/** DAX cluster endpoint with TLS (`daxs://`). */
export const DAX_TLS_PORT = 9111;

export interface NetworkStackProps extends StackProps {
  readonly config: EnvironmentConfig;
}

/**
 * Stateful network: VPC with isolated private subnets per AZ (no NAT; AWS services through endpoints),
 * DynamoDB gateway endpoint, interface endpoints, the security groups, and the synth-time IP capacity check.
 */
export class NetworkStack extends Stack {
  readonly vpc: ec2.Vpc;
  readonly lambdaSecurityGroup: ec2.SecurityGroup;
  readonly cacheSecurityGroup: ec2.SecurityGroup;
  readonly daxSecurityGroup: ec2.SecurityGroup;
  readonly endpointSecurityGroup: ec2.SecurityGroup;
  readonly capacityCheck: SubnetCapacityCheck;

  constructor(scope: Construct, id: string, props: NetworkStackProps) {
    super(scope, id, props);
    const { config } = props;
    const prod = config.name === 'prod';

    const flowLogGroup = new logs.LogGroup(this, 'FlowLogs', {
      retention: prod ? logs.RetentionDays.ONE_YEAR : logs.RetentionDays.ONE_MONTH,
      encryptionKey: logsKey(this),
      removalPolicy: prod ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
    });

    this.vpc = new ec2.Vpc(this, 'Vpc', {
      ipAddresses: ec2.IpAddresses.cidr(config.vpc.cidr),
      maxAzs: config.vpc.azCount,
      natGateways: 0,
      createInternetGateway: false,
      // Nothing uses the default SG: strip its rules (CDK's custom resource) so nothing placed in it by mistake talks.
      restrictDefaultSecurityGroup: true,
      subnetConfiguration: [
        {
          name: LAMBDA_SUBNETS,
          subnetType: ec2.SubnetType.PRIVATE_ISOLATED,
          cidrMask: config.vpc.lambdaSubnetMask,
        },
        {
          name: DATA_SUBNETS,
          subnetType: ec2.SubnetType.PRIVATE_ISOLATED,
          cidrMask: config.vpc.dataSubnetMask,
        },
      ],
      flowLogs: {
        All: {
          destination: ec2.FlowLogDestination.toCloudWatchLogs(flowLogGroup),
          trafficType: ec2.FlowLogTrafficType.ALL,
        },
      },
    });

    // Reaching DynamoDB needs no NAT and no interface endpoint: a gateway endpoint on every route table.
    this.vpc.addGatewayEndpoint('DynamoDbEndpoint', { service: ec2.GatewayVpcEndpointAwsService.DYNAMODB });

    // Every group denies all outbound traffic but what is named below; the Lambdas' egress by name: the cache, DAX and
    // endpoint ports inside the VPC, and DynamoDB's prefix list (gateway endpoint).
    const group = (id: string, description: string) =>
      new ec2.SecurityGroup(this, id, { vpc: this.vpc, description, allowAllOutbound: false });
    this.lambdaSecurityGroup = group('LambdaSg', 'pricing, primer Lambdas (Hyperplane ENIs)');
    this.cacheSecurityGroup = group('CacheSg', 'ElastiCache: only the Lambda SG, only the cache ports');
    this.daxSecurityGroup = group('DaxSg', 'DAX: only the Lambda SG, only the TLS port');
    this.endpointSecurityGroup = group('EndpointSg', 'Interface endpoints: HTTPS from the Lambda SG');

    const cachePort =
      config.cache.kind === 'serverless'
        ? ec2.Port.tcpRange(SERVERLESS_PORTS.from, SERVERLESS_PORTS.to)
        : ec2.Port.tcp(REPLICATION_GROUP_PORT);
    this.cacheSecurityGroup.addIngressRule(
      this.lambdaSecurityGroup,
      cachePort,
      'Valkey (TLS) from the Lambdas',
    );
    this.daxSecurityGroup.addIngressRule(
      this.lambdaSecurityGroup,
      ec2.Port.tcp(DAX_TLS_PORT),
      'DAX TLS from the Lambdas',
    );
    this.endpointSecurityGroup.addIngressRule(
      this.lambdaSecurityGroup,
      ec2.Port.tcp(443),
      'HTTPS to AWS APIs from the Lambdas',
    );

    // The Lambdas' egress, each rule the twin of an ingress rule above (plus DynamoDB through the gateway endpoint).
    const vpcCidr = ec2.Peer.ipv4(this.vpc.vpcCidrBlock);
    this.lambdaSecurityGroup.addEgressRule(vpcCidr, cachePort, 'Valkey (TLS) in the data subnets');
    this.lambdaSecurityGroup.addEgressRule(
      vpcCidr,
      ec2.Port.tcp(DAX_TLS_PORT),
      'DAX TLS in the data subnets',
    );
    this.lambdaSecurityGroup.addEgressRule(
      vpcCidr,
      ec2.Port.tcp(443),
      'AWS APIs through the interface endpoints',
    );
    this.lambdaSecurityGroup.addEgressRule(
      ec2.Peer.prefixList(dynamoDbPrefixListId(this)),
      ec2.Port.tcp(443),
      'DynamoDB through the gateway endpoint',
    );

    for (const service of config.vpc.interfaceEndpoints) {
      this.vpc.addInterfaceEndpoint(`${pascal(service)}Endpoint`, {
        service: new ec2.InterfaceVpcEndpointAwsService(service),
        subnets: { subnetGroupName: DATA_SUBNETS },
        securityGroups: [this.endpointSecurityGroup],
        privateDnsEnabled: true,
        open: false,
      });
    }

    this.capacityCheck = new SubnetCapacityCheck(this, 'IpCapacityCheck', {
      vpc: this.vpc,
      lambdaSubnetGroupName: LAMBDA_SUBNETS,
      dataSubnetGroupName: DATA_SUBNETS,
      headroomPercent: config.ipCapacity.headroomPercent,
      assumedPeakConcurrency: config.ipCapacity.assumedPeakConcurrency,
      connectionsPerExecutionEnvironment: config.ipCapacity.connectionsPerExecutionEnvironment,
    });
  }
}

/**
 * The region's DynamoDB prefix list id (`pl-…`, different in every region; the gateway endpoint's routes use it).
 * CloudFormation exposes it nowhere, so a DescribePrefixLists at deploy time reads it (a read-only call that has no
 * resource-level permissions, hence `*`).
 */
function dynamoDbPrefixListId(scope: Stack): string {
  return sdkLookup(
    scope,
    'DynamoDbPrefixList',
    {
      service: 'EC2',
      action: 'describePrefixLists',
      parameters: {
        Filters: [{ Name: 'prefix-list-name', Values: [`com.amazonaws.${scope.region}.dynamodb`] }],
      },
    },
    cr.AwsCustomResourcePolicy.ANY_RESOURCE,
    'PrefixLists.0.PrefixListId',
    'ec2:DescribePrefixLists has no resource-level permissions (a read-only call)',
  );
}

function pascal(s: string): string {
  return s
    .split(/[^a-z0-9]+/i)
    .filter(Boolean)
    .map((p) => p[0]?.toUpperCase() + p.slice(1))
    .join('');
}
