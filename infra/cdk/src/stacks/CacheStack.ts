import { CfnOutput, RemovalPolicy, Stack, Validations, type StackProps } from 'aws-cdk-lib';
import type * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as elasticache from 'aws-cdk-lib/aws-elasticache';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import type { Construct } from 'constructs';
import type { EnvironmentConfig } from '../config/types';
import { DATA_SUBNETS, REPLICATION_GROUP_PORT } from './NetworkStack';

export interface CacheStackProps extends StackProps {
  readonly config: EnvironmentConfig;
  readonly vpc: ec2.IVpc;
  readonly cacheSecurityGroup: ec2.ISecurityGroup;
}

/** How the Lambdas connect to the cache (becomes REDIS_* environment variables). */
export interface CacheEndpoint {
  readonly host: string;
  readonly port: string;
  /** Cluster-mode client (ElastiCache Serverless) vs a single primary endpoint. */
  readonly cluster: boolean;
  /** RBAC user name (serverless); the replication group uses the AUTH token alone. */
  readonly username?: string;
}

/** What to watch on the cache (CloudWatch dimensions and the limits alarms compare against), whichever kind runs. */
export type CacheMonitoringTarget =
  | { readonly kind: 'replication-group'; readonly replicationGroupId: string; readonly nodeCount: number }
  | {
      readonly kind: 'serverless';
      readonly cacheName: string;
      readonly maxEcpuPerSecond: number;
      readonly maxDataStorageGb: number;
    };

/** RBAC user the Lambdas authenticate as on ElastiCache Serverless. */
export const SERVERLESS_CACHE_USER = 'pricing';
/** Access string of the serverless cache's own `default` user: off, no keys, no commands. */
export const DISABLED_DEFAULT_USER_ACCESS = 'off ~* -@all';

/**
 * Stateful L2 cache: an ElastiCache Valkey replication group (TLS in transit, encryption at rest, AUTH
 * token from Secrets Manager, multi-AZ with automatic failover when it has replicas) or ElastiCache
 * Serverless (Valkey, always TLS and encrypted, RBAC user whose password is the same secret).
 */
export class CacheStack extends Stack {
  /** Secret whose SecretString is the raw AUTH token / RBAC password (REDIS_AUTH_SECRET_ARN). */
  readonly authSecret: secretsmanager.Secret;
  readonly endpoint: CacheEndpoint;
  /** What the alarms watch (so nothing outside this stack reads its CloudFormation resources). */
  readonly monitoring: CacheMonitoringTarget;

  constructor(scope: Construct, id: string, props: CacheStackProps) {
    super(scope, id, props);
    const { config } = props;
    const subnetIds = props.vpc.selectSubnets({ subnetGroupName: DATA_SUBNETS }).subnetIds;

    this.authSecret = new secretsmanager.Secret(this, 'AuthToken', {
      description: 'Valkey AUTH token / RBAC password for the pricing Lambdas',
      // ElastiCache AUTH tokens: 16-128 printable characters without @ " / ; alphanumerics are always safe.
      generateSecretString: { passwordLength: 64, excludePunctuation: true },
      removalPolicy: config.name === 'prod' ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
    });
    Validations.of(this.authSecret).acknowledge({
      id: 'AwsSolutions-SMG4',
      reason:
        'AuthToken: rotating a Valkey AUTH token needs the ROTATE/SET token-update flow on the replication group; ' +
        'it is rotated by a runbook until that is automated, and the token only works from the Lambda security group',
    });

    if (config.cache.kind === 'replication-group') {
      const subnetGroup = new elasticache.CfnSubnetGroup(this, 'Subnets', {
        description: 'Valkey nodes in the data subnets',
        subnetIds,
      });
      const failover = config.cache.replicas > 0;
      const rg = new elasticache.CfnReplicationGroup(this, 'Valkey', {
        replicationGroupDescription: 'Fixture-model L2 cache',
        engine: 'valkey',
        engineVersion: config.cache.engineVersion,
        cacheNodeType: config.cache.nodeType,
        numCacheClusters: 1 + config.cache.replicas,
        automaticFailoverEnabled: failover,
        multiAzEnabled: failover,
        port: REPLICATION_GROUP_PORT,
        cacheSubnetGroupName: subnetGroup.ref,
        securityGroupIds: [props.cacheSecurityGroup.securityGroupId],
        transitEncryptionEnabled: true,
        transitEncryptionMode: 'required',
        atRestEncryptionEnabled: true,
        authToken: this.authSecret.secretValue.unsafeUnwrap(),
        autoMinorVersionUpgrade: true,
        snapshotRetentionLimit: 0,
      });
      Validations.of(rg).acknowledge({
        id: 'AwsSolutions-AEC6',
        reason:
          'Valkey replication group holds derived fixture models only: they are rebuilt from DynamoDB on a miss, so backups buy nothing',
      });
      if (!failover) {
        Validations.of(rg).acknowledge({
          id: 'AwsSolutions-AEC4',
          reason: `Valkey replication group in ${config.name} is a single node to save cost; validation requires replicas (multi-az) in prod`,
        });
      }
      this.monitoring = {
        kind: 'replication-group',
        replicationGroupId: rg.ref,
        nodeCount: 1 + config.cache.replicas,
      };
      this.endpoint = {
        host: rg.attrPrimaryEndPointAddress,
        port: rg.attrPrimaryEndPointPort,
        cluster: false,
      };
    } else {
      const user = new elasticache.CfnUser(this, 'PricingUser', {
        engine: 'valkey',
        userId: `pricing-${config.name}-${config.region}`,
        userName: SERVERLESS_CACHE_USER,
        // ioredis' ready check (INFO) and cluster discovery need commands in @dangerous/@admin: the user is
        // reachable only from the Lambda SG with this password, so it gets every command.
        accessString: 'on ~* +@all',
        authenticationMode: { Type: 'password', Passwords: [this.authSecret.secretValue.unsafeUnwrap()] },
      });
      // A user group must hold a user named `default` (the one a connection is before AUTH). The account's own
      // `default` user has no password, which a valkey group refuses, so the group gets its own: switched off, no
      // commands, the same secret as its password (it cannot log in while off).
      const defaultUser = new elasticache.CfnUser(this, 'DefaultUser', {
        engine: 'valkey',
        userId: `default-${config.name}-${config.region}`,
        userName: 'default',
        accessString: DISABLED_DEFAULT_USER_ACCESS,
        authenticationMode: { Type: 'password', Passwords: [this.authSecret.secretValue.unsafeUnwrap()] },
      });
      const userGroup = new elasticache.CfnUserGroup(this, 'Users', {
        engine: 'valkey',
        userGroupId: `betbuilder-${config.name}-${config.region}`,
        userIds: [defaultUser.userId, user.userId],
      });
      userGroup.addResourceDependency(user);
      userGroup.addResourceDependency(defaultUser);
      const cache = new elasticache.CfnServerlessCache(this, 'ValkeyServerless', {
        serverlessCacheName: `betbuilder-${config.name}-${config.region}`,
        engine: 'valkey',
        majorEngineVersion: config.cache.majorEngineVersion,
        subnetIds,
        securityGroupIds: [props.cacheSecurityGroup.securityGroupId],
        userGroupId: userGroup.userGroupId,
        cacheUsageLimits: {
          dataStorage: { maximum: config.cache.maxDataStorageGb, unit: 'GB' },
          ecpuPerSecond: { maximum: config.cache.maxEcpuPerSecond },
        },
      });
      cache.addResourceDependency(userGroup);
      this.monitoring = {
        kind: 'serverless',
        cacheName: cache.ref,
        maxEcpuPerSecond: config.cache.maxEcpuPerSecond,
        maxDataStorageGb: config.cache.maxDataStorageGb,
      };
      this.endpoint = {
        host: cache.attrEndpointAddress,
        port: cache.attrEndpointPort,
        cluster: true,
        username: SERVERLESS_CACHE_USER,
      };
    }

    new CfnOutput(this, 'CacheHost', { value: this.endpoint.host });
  }
}
