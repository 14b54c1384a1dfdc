import { OPINION_TABLE, ROUTES, wrongRegionBody } from '@betbuilder/pricing-lambda';
import { priceRequestSchema } from '@betbuilder/pricing-model';
import { PRIMER_STREAM_MAPPING } from '@betbuilder/test-harness';
import { Match, type Template } from 'aws-cdk-lib/assertions';
import { REQUEST_MODEL_SCHEMAS, toRequestModelSchema } from '../../src/api/requestModels';
import { MANAGED_RULE_GROUPS, WAF_LOG_GROUP_PREFIX } from '../../src/constructs/PricingWaf';
import { quoteKeySecretName } from '../../src/constructs/QuoteVerification';
import { GATEWAY_ERRORS } from '../../src/stacks/ApiStack';
import { DISABLED_DEFAULT_USER_ACCESS } from '../../src/stacks/CacheStack';
import { DAX_TABLE_ACTIONS } from '../../src/stacks/DataStack';
import type { BetBuilderStage } from '../../src/BetBuilderStage';
import { expectResource, expectResourceCount, stageOf, synthApp, templatesOf } from '../support/synth';

// One synthesis of every environment (real handlers bundled by esbuild, cdk-nag and CloudFormation
// validation on) shared by all assertions in this file.
let dev: BetBuilderStage;
let staging: BetBuilderStage;
let prod: BetBuilderStage;
/** prod's second region: a replica of the global table, written in eu-west-1. */
let replica: BetBuilderStage;
let t: Record<'dev' | 'staging' | 'prod' | 'replica', ReturnType<typeof templatesOf>>;

/** A metric-math alarm on `count` as a percentage of the requests, above `threshold` per cent. */
const percentAlarm = (threshold: number, count: string) => ({
  Threshold: threshold,
  Metrics: expect.arrayContaining([
    expect.objectContaining({ Expression: `IF(requests > 0, 100 * ${count} / requests, 0)` }),
  ]) as unknown,
});

/** The ingress rules (their properties) of one of a stage's security groups, and the Lambda group's resolved id. */
function ingressOf(
  stage: 'dev' | 'staging' | 'prod',
  group: 'cacheSecurityGroup' | 'daxSecurityGroup',
): { rules: unknown[]; lambdaSg: unknown } {
  const network = { dev, staging, prod }[stage].network;
  const groupId = network.resolve(network[group].securityGroupId) as unknown;
  const rules = t[stage].network.findResources('AWS::EC2::SecurityGroupIngress', {
    Properties: { GroupId: groupId },
  });
  return {
    rules: Object.values(rules).map((r) => (r as { Properties: unknown }).Properties),
    lambdaSg: network.resolve(network.lambdaSecurityGroup.securityGroupId) as unknown,
  };
}

beforeAll(() => {
  const { built } = synthApp({ withPipeline: false });
  dev = stageOf(built, 'dev-eu-west-1');
  staging = stageOf(built, 'staging-eu-west-1');
  prod = stageOf(built, 'prod-eu-west-1');
  replica = stageOf(built, 'prod-eu-central-1');
  t = {
    dev: templatesOf(dev),
    staging: templatesOf(staging),
    prod: templatesOf(prod),
    replica: templatesOf(replica),
  };
}, 240_000);

function resourcesOf(template: Template, type: string): Record<string, unknown>[] {
  return Object.values(template.findResources(type)).map(
    (r) => (r as { Properties: Record<string, unknown> }).Properties,
  );
}

function subnetMasks(template: Template): string[] {
  return Object.values(template.findResources('AWS::EC2::Subnet')).map((r) => {
    const props = (r as { Properties: { CidrBlock: string } }).Properties;
    return props.CidrBlock.split('/')[1] ?? '';
  });
}

function policyStatements(
  template: Template,
): { Action: string | string[]; Resource: unknown; Effect: string }[] {
  return Object.values(template.findResources('AWS::IAM::Policy')).flatMap(
    (p) =>
      (p as { Properties: { PolicyDocument: { Statement: never[] } } }).Properties.PolicyDocument.Statement,
  );
}

function roleStatements(stage: BetBuilderStage, roleOwner: 'Price' | 'Opinion' | 'Primer' | 'KeepWarm') {
  const api = templatesOf(stage).api;
  const policies = api.findResources('AWS::IAM::Policy', {
    Properties: { Roles: [{ Ref: Match.stringLikeRegexp(`^${roleOwner}Role`) }] },
  });
  return Object.values(policies).flatMap(
    (p) =>
      (
        p as {
          Properties: { PolicyDocument: { Statement: { Action: string | string[]; Resource: unknown }[] } };
        }
      ).Properties.PolicyDocument.Statement,
  );
}

describe('network stack', () => {
  it('creates a /24 lambda and a /26 data subnet in each of the two dev azs', () => {
    // Assess
    expect(subnetMasks(t.dev.network).sort()).toEqual(['24', '24', '26', '26']);
  });

  it('creates a /22 lambda and a /24 data subnet in each of the three prod azs', () => {
    // Assess
    expect(subnetMasks(t.prod.network).sort()).toEqual(['22', '22', '22', '24', '24', '24']);
  });

  it('has no nat gateway and no internet gateway', () => {
    // Assess
    expectResourceCount(t.prod.network, 'AWS::EC2::NatGateway', 0);
    expectResourceCount(t.prod.network, 'AWS::EC2::InternetGateway', 0);
  });

  it('passes the ip capacity check with what prod really runs: one sg combination, 3 cache nodes, 3 dax nodes, 1 endpoint', () => {
    // Act
    const inputs = prod.network.capacityCheck.inputs();
    const plan = prod.network.capacityCheck.plan();

    // Assess
    expect(inputs).toMatchObject({
      lambdaSecurityGroupCombinations: 1,
      cacheNodes: 3,
      daxNodes: 3,
      interfaceEndpoints: 1,
      azCount: 3,
    });
    // reserved pricing + reserved quote verification (a quarter of pricing) + assumed peak for the unreserved primer
    expect(inputs.peakConcurrency).toBe(700 + 175 + 3000);
    expect(plan.every((c) => c.fits)).toBe(true);
  });

  it('lets the cache security group accept only the lambda security group, on the replication group port', () => {
    // Act
    const { rules, lambdaSg } = ingressOf('dev', 'cacheSecurityGroup');

    // Assess
    expect(rules).toEqual([
      expect.objectContaining({
        IpProtocol: 'tcp',
        FromPort: 6380,
        ToPort: 6380,
        SourceSecurityGroupId: lambdaSg,
      }),
    ]);
  });

  it('opens the serverless cache ports 6379-6380 only to the lambda security group in staging', () => {
    // Act
    const { rules, lambdaSg } = ingressOf('staging', 'cacheSecurityGroup');

    // Assess
    expect(rules).toEqual([
      expect.objectContaining({ FromPort: 6379, ToPort: 6380, SourceSecurityGroupId: lambdaSg }),
    ]);
  });

  it('lets the dax security group accept only the lambda security group, on the tls port 9111', () => {
    // Act
    const { rules, lambdaSg } = ingressOf('prod', 'daxSecurityGroup');

    // Assess
    expect(rules).toEqual([
      expect.objectContaining({ FromPort: 9111, ToPort: 9111, SourceSecurityGroupId: lambdaSg }),
    ]);
  });

  it('gives no security group an ingress rule from a cidr', () => {
    // Act
    const groups = Object.values(t.prod.network.findResources('AWS::EC2::SecurityGroup'));
    const inline = groups.flatMap(
      (g) =>
        (g as { Properties: { SecurityGroupIngress?: unknown[] } }).Properties.SecurityGroupIngress ?? [],
    );
    const standalone = Object.values(t.prod.network.findResources('AWS::EC2::SecurityGroupIngress')).map(
      (r) => (r as { Properties: Record<string, unknown> }).Properties,
    );

    // Assess
    expect(inline).toEqual([]);
    expect(standalone.filter((p) => 'CidrIp' in p)).toEqual([]);
  });

  it('routes dynamodb through a gateway endpoint', () => {
    // Assess
    expectResource(t.prod.network, 'AWS::EC2::VPCEndpoint', {
      VpcEndpointType: 'Gateway',
      ServiceName: Match.objectLike({
        'Fn::Join': ['', Match.arrayWith([Match.stringLikeRegexp('dynamodb')])],
      }),
    });
  });

  it('puts the secrets manager interface endpoint in the data subnets with private dns', () => {
    // Assess
    expectResource(t.prod.network, 'AWS::EC2::VPCEndpoint', {
      VpcEndpointType: 'Interface',
      ServiceName: 'com.amazonaws.eu-west-1.secretsmanager',
      PrivateDnsEnabled: true,
    });
  });

  it('strips the rules of the default security group', () => {
    // Assess
    expectResourceCount(t.prod.network, 'Custom::VpcRestrictDefaultSG', 1);
  });

  it('gives the lambda security group no egress to 0.0.0.0/0', () => {
    // Act
    const lambdaSg = resourcesOf(t.prod.network, 'AWS::EC2::SecurityGroup').find((g) =>
      String(g['GroupDescription']).startsWith('pricing, primer'),
    );
    const egress = [
      ...((lambdaSg?.['SecurityGroupEgress'] as Record<string, unknown>[] | undefined) ?? []),
      ...resourcesOf(t.prod.network, 'AWS::EC2::SecurityGroupEgress'),
    ];

    // Assess
    expect(egress.length).toBeGreaterThan(0);
    expect(egress.filter((e) => e['CidrIp'] === '0.0.0.0/0')).toEqual([]);
  });

  it('lets the lambdas reach dynamodb only through its prefix list on 443', () => {
    // Assess
    expectResource(t.prod.network, 'AWS::EC2::SecurityGroupEgress', {
      DestinationPrefixListId: {
        'Fn::GetAtt': [Match.stringLikeRegexp('^DynamoDbPrefixList'), 'PrefixLists.0.PrefixListId'],
      },
      FromPort: 443,
      ToPort: 443,
    });
  });

  it('encrypts the flow log group with the stack key', () => {
    // Assess
    expectResource(t.prod.network, 'AWS::Logs::LogGroup', {
      KmsKeyId: { 'Fn::GetAtt': [Match.stringLikeRegexp('^LogsKey'), 'Arn'] },
    });
  });

  it('records vpc flow logs', () => {
    // Assess
    expectResource(t.dev.network, 'AWS::EC2::FlowLog', {
      TrafficType: 'ALL',
      LogDestinationType: 'cloud-watch-logs',
    });
  });
});

describe('deploy-time lookups', () => {
  it.each([
    ['network (dynamodb prefix list)', 'prod', 'network'],
    ['replica data (replica stream arn)', 'replica', 'data'],
  ] as const)(
    'runs the %s lookup only after its provider log group exists (else lambda creates it first and the stack fails)',
    (_what, which, stack) => {
      // Act
      const resources = t[which][stack].toJSON()['Resources'] as Record<
        string,
        { Type: string; DependsOn?: string[] }
      >;
      const logGroups = Object.keys(resources).filter(
        (id) =>
          resources[id]?.Type === 'AWS::Logs::LogGroup' &&
          id.startsWith('AWS679f53fac002430cb0da5b7982bd2287'),
      );
      const lookups = Object.values(resources).filter((r) => r.Type === 'Custom::AWS');

      // Assess
      expect(logGroups).toHaveLength(1);
      expect(lookups.length).toBeGreaterThan(0);
      for (const lookup of lookups) expect(lookup.DependsOn).toEqual(expect.arrayContaining(logGroups));
    },
  );
});

describe('data stack', () => {
  it('bills the opinions global table on demand', () => {
    // Assess
    expectResource(t.prod.data, 'AWS::DynamoDB::GlobalTable', { BillingMode: 'PAY_PER_REQUEST' });
  });

  it('replicates the prod table to every prod region from the home region eu-west-1', () => {
    // Act
    const [table] = resourcesOf(t.prod.data, 'AWS::DynamoDB::GlobalTable');
    const regions = (table?.['Replicas'] as { Region: string }[]).map((r) => r.Region);

    // Assess
    expect(regions.sort()).toEqual(['eu-central-1', 'eu-west-1']);
  });

  it('streams new and old images on every replica, so each region primes its own cache', () => {
    // Assess: StreamSpecification of an AWS::DynamoDB::GlobalTable applies to all its replicas
    expectResource(t.prod.data, 'AWS::DynamoDB::GlobalTable', {
      StreamSpecification: { StreamViewType: 'NEW_AND_OLD_IMAGES' },
    });
  });

  it('names the table the same in every region', () => {
    // Assess
    expectResource(t.prod.data, 'AWS::DynamoDB::GlobalTable', { TableName: 'betbuilder-prod-opinions' });
  });

  it('leaves the table to the home region in the replica region, and reads its replica stream arn there', () => {
    // Assess
    expectResourceCount(t.replica.data, 'AWS::DynamoDB::GlobalTable', 0);
    expectResource(t.replica.data, 'Custom::AWS', {
      Create: Match.stringLikeRegexp('"action":"describeTable".*"TableName":"betbuilder-prod-opinions"'),
    });
  });

  it('turns on point-in-time recovery on every replica', () => {
    // Assess
    expectResource(t.prod.data, 'AWS::DynamoDB::GlobalTable', {
      Replicas: Match.arrayWith([
        Match.objectLike({
          Region: 'eu-central-1',
          PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
        }),
      ]),
    });
  });

  it('protects every prod replica from deletion but not the dev one', () => {
    // Assess
    expectResource(t.prod.data, 'AWS::DynamoDB::GlobalTable', {
      Replicas: [
        Match.objectLike({ DeletionProtectionEnabled: true }),
        Match.objectLike({ DeletionProtectionEnabled: true }),
      ],
    });
    expectResource(t.dev.data, 'AWS::DynamoDB::GlobalTable', {
      Replicas: [Match.objectLike({ Region: 'eu-west-1', DeletionProtectionEnabled: false })],
    });
  });

  it('encrypts the table with the aws-managed kms key', () => {
    // Assess
    expectResource(t.prod.data, 'AWS::DynamoDB::GlobalTable', {
      SSESpecification: { SSEEnabled: true, SSEType: 'KMS' },
    });
  });

  it('keys the table on fixtureId', () => {
    // Assess
    expectResource(t.prod.data, 'AWS::DynamoDB::GlobalTable', {
      KeySchema: [{ AttributeName: 'fixtureId', KeyType: 'HASH' }],
    });
  });

  it('encrypts dax at rest and serves a tls endpoint', () => {
    // Assess
    expectResource(t.prod.data, 'AWS::DAX::Cluster', {
      SSESpecification: { SSEEnabled: true },
      ClusterEndpointEncryptionType: 'TLS',
    });
  });

  it('runs three dax nodes with its own subnet and parameter groups in prod', () => {
    // Assess
    expectResource(t.prod.data, 'AWS::DAX::Cluster', {
      ReplicationFactor: 3,
      SubnetGroupName: { Ref: Match.stringLikeRegexp('^DaxSubnets') },
      ParameterGroupName: { Ref: Match.stringLikeRegexp('^DaxParameters') },
    });
  });

  it('scopes the replica region dax role to its own replica', () => {
    // Act
    const statements = policyStatements(t.replica.data).filter((st) =>
      [st.Action].flat().includes('dynamodb:GetItem'),
    );

    // Assess
    expect(statements).toEqual([
      expect.objectContaining({ Resource: replica.data.resolve(replica.data.table.tableArn) as unknown }),
    ]);
    expect(JSON.stringify(statements)).toContain(
      ':dynamodb:eu-central-1:333333333333:table/betbuilder-prod-opinions',
    );
  });

  it('scopes the dax role to the opinions table', () => {
    // Prepare
    const tableArn = prod.data.resolve(prod.data.table.tableArn) as unknown;

    // Act
    const statements = policyStatements(t.prod.data);

    // Assess
    expect(statements).toEqual([{ Effect: 'Allow', Action: [...DAX_TABLE_ACTIONS], Resource: tableArn }]);
  });

  it('has no dax cluster in dev', () => {
    // Assess
    expectResourceCount(t.dev.data, 'AWS::DAX::Cluster', 0);
  });
});

describe('cache stack', () => {
  it('encrypts the valkey replication group in transit (required) and at rest', () => {
    // Assess
    expectResource(t.prod.cache, 'AWS::ElastiCache::ReplicationGroup', {
      Engine: 'valkey',
      TransitEncryptionEnabled: true,
      TransitEncryptionMode: 'required',
      AtRestEncryptionEnabled: true,
    });
  });

  it('takes the auth token from secrets manager', () => {
    // Assess
    expectResource(t.prod.cache, 'AWS::ElastiCache::ReplicationGroup', {
      AuthToken: Match.objectLike({
        'Fn::Join': ['', Match.arrayWith([Match.stringLikeRegexp('resolve:secretsmanager:')])],
      }),
    });
  });

  it('runs three nodes with multi-az automatic failover in prod', () => {
    // Assess
    expectResource(t.prod.cache, 'AWS::ElastiCache::ReplicationGroup', {
      NumCacheClusters: 3,
      MultiAZEnabled: true,
      AutomaticFailoverEnabled: true,
    });
  });

  it('runs a single node without failover in dev', () => {
    // Assess
    expectResource(t.dev.cache, 'AWS::ElastiCache::ReplicationGroup', {
      NumCacheClusters: 1,
      MultiAZEnabled: false,
      AutomaticFailoverEnabled: false,
    });
  });

  it('uses elasticache serverless with an rbac user group in staging', () => {
    // Assess
    expectResourceCount(t.staging.cache, 'AWS::ElastiCache::ReplicationGroup', 0);
    expectResource(t.staging.cache, 'AWS::ElastiCache::ServerlessCache', {
      Engine: 'valkey',
      UserGroupId: Match.anyValue(),
    });
    expectResource(t.staging.cache, 'AWS::ElastiCache::User', {
      UserName: 'pricing',
      AuthenticationMode: { Type: 'password', Passwords: [Match.anyValue()] },
    });
  });

  it('puts a switched-off user named default in the serverless cache user group (a user group must have one)', () => {
    // Act
    const users = resourcesOf(t.staging.cache, 'AWS::ElastiCache::User');
    const defaultUser = users.find((u) => u['UserName'] === 'default');
    const [group] = resourcesOf(t.staging.cache, 'AWS::ElastiCache::UserGroup');

    // Assess
    expect(defaultUser).toMatchObject({ Engine: 'valkey', AccessString: DISABLED_DEFAULT_USER_ACCESS });
    expect(group?.['UserIds']).toContain(defaultUser?.['UserId']);
  });
});

describe('api stack', () => {
  const FUNCTIONS = ['Price', 'Opinion', 'Primer', 'KeepWarm'] as const;

  function fnProps(template: Template, owner: string): Record<string, unknown> {
    const fns = template.findResources('AWS::Lambda::Function', {
      Properties: { Role: { 'Fn::GetAtt': [Match.stringLikeRegexp(`^${owner}Role`), 'Arn'] } },
    });
    const found = Object.values(fns)[0] as { Properties: Record<string, unknown> } | undefined;
    if (!found) throw new Error(`no ${owner} function`);
    return found.Properties;
  }

  it.each(FUNCTIONS)('runs the %s Lambda on nodejs22.x, arm64', (owner) => {
    // Act
    const props = fnProps(t.dev.api, owner);

    // Assess
    expect(props).toMatchObject({ Runtime: 'nodejs22.x', Architectures: ['arm64'] });
  });

  it.each(FUNCTIONS)('turns on x-ray active tracing for the %s Lambda', (owner) => {
    // Assess
    expect(fnProps(t.dev.api, owner)).toMatchObject({ TracingConfig: { Mode: 'Active' } });
  });

  it('places the pricing and primer Lambdas in the vpc and keeps opinion and keep-warm out', () => {
    // Assess
    expect(fnProps(t.dev.api, 'Price')['VpcConfig']).toBeDefined();
    expect(fnProps(t.dev.api, 'Primer')['VpcConfig']).toBeDefined();
    expect(fnProps(t.dev.api, 'Opinion')['VpcConfig']).toBeUndefined();
    expect(fnProps(t.dev.api, 'KeepWarm')['VpcConfig']).toBeUndefined();
  });

  it('gives the pricing Lambda its table, dax, cache and powertools environment', () => {
    // Act
    const env = (fnProps(t.prod.api, 'Price')['Environment'] as { Variables: Record<string, unknown> })
      .Variables;

    // Assess
    expect(Object.keys(env).sort()).toEqual(
      [
        'CURRENT_VERSION_TTL_MS',
        'DAX_ENDPOINT',
        'DEPENDENCY_TIMEOUT_MS',
        'MODEL_L1_MAX_MB',
        'OPINION_CACHE_TTL_MS',
        'POWERTOOLS_LOG_LEVEL',
        'POWERTOOLS_METRICS_NAMESPACE',
        'POWERTOOLS_SERVICE_NAME',
        'QUOTE_IN_PLAY_TTL_MS',
        'QUOTE_KEY_SECRET_ARN',
        'QUOTE_TTL_MS',
        'REDIS_AUTH_SECRET_ARN',
        'REDIS_CLUSTER',
        'REDIS_HOST',
        'REDIS_PORT',
        'REDIS_TLS',
        'TABLE_NAME',
      ].sort(),
    );
    expect(env).toMatchObject({
      REDIS_TLS: 'true',
      REDIS_CLUSTER: 'false',
      POWERTOOLS_METRICS_NAMESPACE: 'BetBuilder',
    });
  });

  it('connects to the serverless cache in cluster mode as the rbac user in staging', () => {
    // Act
    const env = (fnProps(t.staging.api, 'Price')['Environment'] as { Variables: Record<string, unknown> })
      .Variables;

    // Assess
    expect(env).toMatchObject({ REDIS_CLUSTER: 'true', REDIS_USERNAME: 'pricing', REDIS_TLS: 'true' });
  });

  it('turns on x-ray tracing, access logs and throttling on the api stage', () => {
    // Assess
    expectResource(t.dev.api, 'AWS::ApiGateway::Stage', {
      StageName: 'live',
      TracingEnabled: true,
      AccessLogSetting: { DestinationArn: Match.anyValue(), Format: Match.anyValue() },
      MethodSettings: Match.arrayWith([
        Match.objectLike({
          HttpMethod: '*',
          ResourcePath: '/*',
          ThrottlingRateLimit: 100,
          ThrottlingBurstLimit: 50,
          MetricsEnabled: true,
        }),
      ]),
    });
  });

  it('allows POST /v1/price and GET /v1/fixtures/{fixtureId}/markets only from the configured source ranges', () => {
    // Assess
    // (CDK sorts a statement's resources.)
    const routes = ['execute-api:/*/GET/v1/fixtures/*/markets', 'execute-api:/*/POST/v1/price'];
    expectResource(t.dev.api, 'AWS::ApiGateway::RestApi', {
      Policy: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Effect: 'Allow',
            Principal: { AWS: '*' },
            Action: 'execute-api:Invoke',
            Resource: routes,
            Condition: { IpAddress: { 'aws:SourceIp': ['203.0.113.0/24', '198.51.100.0/24'] } },
          }),
          Match.objectLike({
            Effect: 'Deny',
            Resource: routes,
            Condition: { NotIpAddress: { 'aws:SourceIp': ['203.0.113.0/24', '198.51.100.0/24'] } },
          }),
        ]),
      },
    });
  });

  it('serves GET /v1/fixtures/{fixtureId}/markets from the live price alias, without an authoriser', () => {
    // Prepare: the markets resource under /v1/fixtures/{fixtureId}
    const resources = t.dev.api.findResources('AWS::ApiGateway::Resource', {
      Properties: { PathPart: 'markets' },
    });
    const [marketsId] = Object.keys(resources);
    const aliases = Object.keys(t.dev.api.findResources('AWS::Lambda::Alias'));
    const priceAlias = aliases.find((id) => id.startsWith('PriceLive'));

    // Assess
    expect([marketsId !== undefined, priceAlias !== undefined]).toEqual([true, true]);
    expectResource(t.dev.api, 'AWS::ApiGateway::Method', {
      HttpMethod: 'GET',
      AuthorizationType: 'NONE',
      ResourceId: { Ref: marketsId },
      RequestParameters: { 'method.request.path.fixtureId': true },
      Integration: Match.objectLike({
        Type: 'AWS_PROXY',
        Uri: Match.objectLike({
          'Fn::Join': Match.arrayWith([Match.arrayWith([{ Ref: priceAlias }])]),
        }),
      }),
    });
  });

  it('uses no authoriser on POST /v1/price and the menu, and IAM on the opinion and quote-verify routes', () => {
    // Act
    const methods = Object.values(t.dev.api.findResources('AWS::ApiGateway::Method')).map(
      (m) => (m as { Properties: { HttpMethod: string; AuthorizationType: string } }).Properties,
    );

    // Assess
    expect(methods.map((m) => `${m.HttpMethod}:${m.AuthorizationType}`).sort()).toEqual([
      'GET:AWS_IAM',
      'GET:AWS_IAM',
      'GET:NONE',
      'POST:AWS_IAM',
      'POST:NONE',
      'PUT:AWS_IAM',
    ]);
  });

  it('serves every route of the OpenAPI registry behind API Gateway with the auth the registry gives it', () => {
    // Prepare: API Gateway resources by logical id, to rebuild each method's path.
    const resources = t.dev.api.findResources('AWS::ApiGateway::Resource') as Record<
      string,
      { Properties: { PathPart: string; ParentId: unknown } }
    >;
    const pathOf = (ref: unknown): string => {
      const id = (ref as { Ref?: string }).Ref;
      const r = id === undefined ? undefined : resources[id];
      return r === undefined ? '' : `${pathOf(r.Properties.ParentId)}/${r.Properties.PathPart}`;
    };
    const methods = Object.values(t.dev.api.findResources('AWS::ApiGateway::Method')).map((m) => {
      const p = (m as { Properties: { HttpMethod: string; AuthorizationType: string; ResourceId: unknown } })
        .Properties;
      return `${p.HttpMethod} ${pathOf(p.ResourceId)} ${p.AuthorizationType}`;
    });

    // Act
    const expected = ROUTES.filter((r) => r.servedBy !== 'localServer').map(
      (r) => `${r.method} ${r.path} ${r.auth === 'iam' ? 'AWS_IAM' : 'NONE'}`,
    );

    // Assess
    expect(methods.sort()).toEqual(expected.sort());
  });

  it('indexes the table for the fixture list as the opinion store queries it, and lets only the opinion function query it', () => {
    // Assess
    expectResource(t.prod.data, 'AWS::DynamoDB::GlobalTable', {
      GlobalSecondaryIndexes: [
        {
          IndexName: OPINION_TABLE.listIndex.name,
          KeySchema: [
            { AttributeName: OPINION_TABLE.listIndex.partitionKey, KeyType: 'HASH' },
            { AttributeName: OPINION_TABLE.listIndex.sortKey, KeyType: 'RANGE' },
          ],
          Projection: { ProjectionType: 'INCLUDE', NonKeyAttributes: [...OPINION_TABLE.listIndex.projected] },
        },
      ],
    });
    const queries = Object.values(t.dev.api.findResources('AWS::IAM::Policy')).flatMap((p) =>
      (
        p as { Properties: { PolicyDocument: { Statement: { Action: unknown }[] } } }
      ).Properties.PolicyDocument.Statement.filter((s) =>
        JSON.stringify(s.Action).includes('dynamodb:Query'),
      ),
    );
    expect(queries).toHaveLength(1);
    expect(JSON.stringify(queries[0])).toContain(`/index/${OPINION_TABLE.listIndex.name}`);
  });

  it.each(['prod', 'replica'] as const)(
    'lets the %s primer list streams on * (dynamodb:ListStreams has no resource-level permissions)',
    (which) => {
      // Act
      const statements = roleStatements(which === 'prod' ? prod : replica, 'Primer');

      // Assess
      expect(statements).toContainEqual(
        expect.objectContaining({
          Action: expect.arrayContaining(['dynamodb:ListStreams']) as unknown,
          Resource: '*',
        }),
      );
    },
  );

  it('feeds the primer from the table stream with partial batch responses, bisect on error and an sqs dlq', () => {
    // Assess: the retry semantics are the ones the local stream dispatcher (load test, npm start) plays
    expectResource(t.dev.api, 'AWS::Lambda::EventSourceMapping', {
      StartingPosition: 'LATEST',
      BatchSize: PRIMER_STREAM_MAPPING.batchSize,
      BisectBatchOnFunctionError: PRIMER_STREAM_MAPPING.bisectBatchOnError,
      MaximumRetryAttempts: PRIMER_STREAM_MAPPING.retryAttempts,
      ParallelizationFactor: PRIMER_STREAM_MAPPING.parallelizationFactor,
      FunctionResponseTypes: PRIMER_STREAM_MAPPING.reportBatchItemFailures ? ['ReportBatchItemFailures'] : [],
      DestinationConfig: {
        OnFailure: { Destination: { 'Fn::GetAtt': [Match.stringLikeRegexp('^PrimerDlq'), 'Arn'] } },
      },
    });
  });

  it('schedules keep-warm every 5 minutes in dev', () => {
    // Assess
    expectResource(t.dev.api, 'AWS::Events::Rule', {
      ScheduleExpression: 'rate(5 minutes)',
      Targets: [
        Match.objectLike({ Arn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^KeepWarmFunction'), 'Arn'] } }),
      ],
    });
  });

  it('points keep-warm at the live alias with the configured concurrency', () => {
    // Act
    const env = (fnProps(t.dev.api, 'KeepWarm')['Environment'] as { Variables: Record<string, unknown> })
      .Variables;

    // Assess
    expect(env['TARGET_FUNCTION_NAME']).toEqual({ Ref: expect.stringMatching(/^PriceLive/) as unknown });
    expect(env['WARM_CONCURRENCY']).toBe('2');
  });

  it('puts no Tags on the provisioned-concurrency scalable target (its schema has none: cfn-lint E3002)', () => {
    // Act
    const targets = resourcesOf(t.prod.api, 'AWS::ApplicationAutoScaling::ScalableTarget');

    // Assess
    expect(targets).toHaveLength(1);
    expect(targets[0]?.['Tags']).toBeUndefined();
  });

  it('uses provisioned concurrency with target tracking instead of keep-warm in prod', () => {
    // Assess
    expectResourceCount(t.prod.api, 'AWS::Events::Rule', 0);
    expectResource(t.prod.api, 'AWS::Lambda::Alias', {
      Name: 'live',
      ProvisionedConcurrencyConfig: { ProvisionedConcurrentExecutions: 10 },
    });
    expectResource(t.prod.api, 'AWS::ApplicationAutoScaling::ScalableTarget', {
      MinCapacity: 10,
      MaxCapacity: 200,
    });
    expectResource(t.prod.api, 'AWS::ApplicationAutoScaling::ScalingPolicy', {
      PolicyType: 'TargetTrackingScaling',
      TargetTrackingScalingPolicyConfiguration: Match.objectLike({
        TargetValue: 0.7,
        PredefinedMetricSpecification: { PredefinedMetricType: 'LambdaProvisionedConcurrencyUtilization' },
      }),
    });
  });

  it('lets the pricing Lambda only get items from the table and dax', () => {
    // Act
    const statements = roleStatements(prod, 'Price');
    const dataActions = statements
      .flatMap((s) => [s.Action].flat())
      .filter((a) => a.startsWith('dynamodb:') || a.startsWith('dax:'));

    // Assess
    expect(dataActions.sort()).toEqual(['dax:GetItem', 'dynamodb:GetItem']);
  });

  it('scopes the pricing Lambda table grant to the table arn', () => {
    // Prepare
    const tableArn = prod.apiStack.resolve(prod.data.table.tableArn) as unknown;

    // Assess
    expect(roleStatements(prod, 'Price')).toContainEqual(
      expect.objectContaining({ Action: 'dynamodb:GetItem', Resource: tableArn }),
    );
  });

  it('lets the opinion Lambda read and write the table, query the list index and nothing else of dynamodb', () => {
    // Act
    const actions = roleStatements(dev, 'Opinion')
      .flatMap((s) => [s.Action].flat())
      .filter((a) => a.startsWith('dynamodb:'));

    // Assess
    // UpdateItem: the write without If-Match (OpinionStore.put); Query: GET /v1/fixtures on the list index only.
    expect(actions.sort()).toEqual([
      'dynamodb:GetItem',
      'dynamodb:PutItem',
      'dynamodb:Query',
      'dynamodb:UpdateItem',
    ]);
  });

  it('lets keep-warm invoke only the live alias', () => {
    // Prepare
    const alias = dev.apiStack.resolve(dev.apiStack.priceAlias.functionArn) as unknown;

    // Assess
    expect(roleStatements(dev, 'KeepWarm')).toContainEqual(
      expect.objectContaining({ Action: 'lambda:InvokeFunction', Resource: alias }),
    );
  });

  it('grants no action wildcard to any Lambda role', () => {
    // Act
    const actions = FUNCTIONS.flatMap((f) => roleStatements(dev, f)).flatMap((s) => [s.Action].flat());

    // Assess
    expect(actions.filter((a) => a === '*' || a.endsWith(':*'))).toEqual([]);
  });
});

describe('alarms and dashboard', () => {
  function alarm(template: Template, idPrefix: string): Record<string, unknown> {
    const found = Object.entries(template.findResources('AWS::CloudWatch::Alarm')).find(([id]) =>
      id.startsWith(`Monitoring${idPrefix}`),
    );
    if (!found) throw new Error(`no alarm ${idPrefix}`);
    return (found[1] as { Properties: Record<string, unknown> }).Properties;
  }

  it('alarms when POST /v1/price p95 latency exceeds the 100 ms target', () => {
    // Assess
    expect(alarm(t.prod.api, 'PriceP95Latency')).toMatchObject({
      MetricName: 'Latency',
      Namespace: 'AWS/ApiGateway',
      ExtendedStatistic: 'p95',
      Threshold: 100,
      ComparisonOperator: 'GreaterThanThreshold',
      Dimensions: expect.arrayContaining([
        { Name: 'Resource', Value: '/v1/price' },
        { Name: 'Method', Value: 'POST' },
      ]) as unknown,
    });
  });

  it('alarms when the 5xx rate exceeds 1% of requests', () => {
    // Assess
    expect(alarm(t.prod.api, 'Api5xxRate')).toMatchObject(percentAlarm(1, 'errors'));
  });

  it.each(['PriceErrors', 'PriceThrottles', 'OpinionErrors', 'PrimerErrors', 'PrimerThrottles'])(
    'alarms on any %s',
    (id) => {
      // Assess
      expect(alarm(t.prod.api, id)).toMatchObject({
        Threshold: 0,
        ComparisonOperator: 'GreaterThanThreshold',
      });
    },
  );

  it('alarms on cpu and memory above 80% for each of the three prod cache nodes', () => {
    // Act
    const alarms = Object.values(t.prod.api.findResources('AWS::CloudWatch::Alarm')).map(
      (a) => (a as { Properties: Record<string, unknown> }).Properties,
    );
    const cacheAlarms = alarms.filter((a) => a['Namespace'] === 'AWS/ElastiCache');

    // Assess
    expect(cacheAlarms.map((a) => `${String(a['MetricName'])}>${String(a['Threshold'])}`).sort()).toEqual([
      'DatabaseMemoryUsagePercentage>80',
      'DatabaseMemoryUsagePercentage>80',
      'DatabaseMemoryUsagePercentage>80',
      'EngineCPUUtilization>80',
      'EngineCPUUtilization>80',
      'EngineCPUUtilization>80',
    ]);
  });

  it('alarms on serverless cache ecpu at 80% of its limit in staging', () => {
    // Assess: 100,000 ECPU/s x 60 s x 0.8
    expect(alarm(t.staging.api, 'CacheEcpu')).toMatchObject({
      MetricName: 'ElastiCacheProcessingUnits',
      Threshold: 4_800_000,
    });
  });

  it('alarms on dax request errors and faults', () => {
    // Assess
    expect(alarm(t.prod.api, 'DaxErrorRequestCount')).toMatchObject({ Namespace: 'AWS/DAX', Threshold: 0 });
    expect(alarm(t.prod.api, 'DaxFaultRequestCount')).toMatchObject({ Namespace: 'AWS/DAX', Threshold: 0 });
  });

  it('subscribes the configured on-call address to the alarm topic', () => {
    // Assess
    expectResource(t.prod.api, 'AWS::SNS::Subscription', {
      Protocol: 'email',
      Endpoint: 'pricing-oncall@example.com',
      TopicArn: { Ref: Match.stringLikeRegexp('^MonitoringAlarmTopic') },
    });
  });

  it("lets only this account's alarms use the alarm topic key", () => {
    // Assess
    expectResource(t.prod.api, 'AWS::KMS::Key', {
      KeyPolicy: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Principal: { Service: 'cloudwatch.amazonaws.com' },
            Condition: Match.objectLike({ StringEquals: { 'aws:SourceAccount': '333333333333' } }),
          }),
        ]),
      },
    });
  });

  it("lets this account's alarms publish to the alarm topic (its ssl-only topic policy replaces sns's default one)", () => {
    // Assess
    expectResource(t.prod.api, 'AWS::SNS::TopicPolicy', {
      Topics: [{ Ref: Match.stringLikeRegexp('^MonitoringAlarmTopic') }],
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Effect: 'Allow',
            Principal: { Service: 'cloudwatch.amazonaws.com' },
            Action: 'sns:Publish',
            Condition: Match.objectLike({ StringEquals: { 'aws:SourceAccount': '333333333333' } }),
          }),
        ]),
      },
    });
  });

  it('alarms when more than 5% of POST /v1/price answers are 4xx (a broken allow-list answers 100% 403)', () => {
    // Assess
    expect(alarm(t.prod.api, 'Price4xxRate')).toMatchObject(percentAlarm(5, 'clientErrors'));
  });

  it('alarms on fewer than 100 price requests in 5 minutes in prod, missing data included', () => {
    // Assess
    expect(alarm(t.prod.api, 'PriceLowTraffic')).toMatchObject({
      MetricName: 'Count',
      Threshold: 100,
      ComparisonOperator: 'LessThanThreshold',
      TreatMissingData: 'breaching',
    });
  });

  it('has no low-traffic alarm in the prod replica region, which takes no price traffic until it is sent some', () => {
    // Act
    const ids = Object.keys(t.replica.api.findResources('AWS::CloudWatch::Alarm'));

    // Assess: the other price alarms are there; the low-traffic one, which would page from its first evaluation, not
    expect(ids.some((id) => id.startsWith('MonitoringPrice4xxRate'))).toBe(true);
    expect(ids.filter((id) => id.startsWith('MonitoringPriceLowTraffic'))).toEqual([]);
  });

  it('alarms on the primer stream lag (IteratorAge) above 60 s', () => {
    // Assess
    expect(alarm(t.prod.api, 'PrimerIteratorAge')).toMatchObject({
      MetricName: 'IteratorAge',
      Statistic: 'Maximum',
      Threshold: 60_000,
    });
  });

  it('alarms on dynamodb read and write throttle events', () => {
    // Act
    const metrics = JSON.stringify(alarm(t.prod.api, 'TableThrottles')['Metrics']);

    // Assess
    expect(metrics).toContain('ReadThrottleEvents');
    expect(metrics).toContain('WriteThrottleEvents');
  });

  it('alarms on provisioned-concurrency spill-over of pricing:live in prod', () => {
    // Assess
    expect(alarm(t.prod.api, 'PriceSpillover')).toMatchObject({
      MetricName: 'ProvisionedConcurrencySpilloverInvocations',
      Threshold: 0,
    });
  });

  it('raises a composite slo alarm when p95 latency or the 5xx rate alarms', () => {
    // Act
    const [composite] = resourcesOf(t.prod.api, 'AWS::CloudWatch::CompositeAlarm');
    const rule = JSON.stringify(composite?.['AlarmRule']);

    // Assess
    expect(rule).toContain('MonitoringPriceP95Latency');
    expect(rule).toContain('MonitoringApi5xxRate');
    expect(composite?.['AlarmActions']).toEqual([
      { Ref: expect.stringMatching(/^MonitoringAlarmTopic/) as unknown },
    ]);
  });

  it('sends alarms to a kms-encrypted topic', () => {
    // Assess
    expectResource(t.prod.api, 'AWS::SNS::Topic', { KmsMasterKeyId: Match.anyValue() });
    expect(alarm(t.prod.api, 'PriceP95Latency')['AlarmActions']).toEqual([
      { Ref: expect.stringMatching(/^MonitoringAlarmTopic/) as unknown },
    ]);
  });

  it('draws p50/p95/p99 latency, cache sources and cold starts on the dashboard', () => {
    // Act
    const dashboards = Object.values(t.prod.api.findResources('AWS::CloudWatch::Dashboard'));
    const body = JSON.stringify(
      (dashboards[0] as { Properties: { DashboardBody: unknown } }).Properties.DashboardBody,
    );

    // Assess
    const latency = ['p50', 'p95', 'p99'];
    const cacheSources = ['L1', 'L2', 'COMPUTED', 'STALE'].map((tier) => `CacheSource${tier}`);
    const containers = ['ColdStart', 'WarmContainers', 'ProvisionedConcurrencySpilloverInvocations'];
    const dependencies = ['4XXError', 'IteratorAge', 'ReadThrottleEvents'];
    for (const needle of [...latency, ...cacheSources, ...containers, ...dependencies]) {
      expect(body).toContain(needle);
    }
  });
});

describe('quotes (signing keys, POST /v1/quotes/verify)', () => {
  const QUOTE_SECRET = /^QuotesKeySecret/;

  function verifyFunction(template: Template): Record<string, unknown> {
    const fns = template.findResources('AWS::Lambda::Function', {
      Properties: { Role: { 'Fn::GetAtt': [Match.stringLikeRegexp('^QuotesVerifyQuoteRole'), 'Arn'] } },
    });
    const found = Object.values(fns)[0] as { Properties: Record<string, unknown> } | undefined;
    if (!found) throw new Error('no verify function');
    return found.Properties;
  }
  function variables(props: Record<string, unknown>): Record<string, unknown> {
    return (props['Environment'] as { Variables: Record<string, unknown> }).Variables;
  }
  function statementsOf(template: Template, roleOwner: RegExp) {
    const policies = Object.values(template.findResources('AWS::IAM::Policy')).filter((p) =>
      (p as { Properties: { Roles: { Ref: string }[] } }).Properties.Roles.some((r) => roleOwner.test(r.Ref)),
    );
    return policies.flatMap(
      (p) =>
        (
          p as {
            Properties: { PolicyDocument: { Statement: { Action: string | string[]; Resource: unknown }[] } };
          }
        ).Properties.PolicyDocument.Statement,
    );
  }
  const quoteSecretRef = (template: Template) => ({
    Ref: Object.keys(template.findResources('AWS::SecretsManager::Secret')).find((id) =>
      QUOTE_SECRET.test(id),
    ),
  });

  it('generates the quote key secret as {"kid": "k1", "key": <64 characters>}', () => {
    expectResource(t.prod.api, 'AWS::SecretsManager::Secret', {
      GenerateSecretString: {
        SecretStringTemplate: '{"kid":"k1"}',
        GenerateStringKey: 'key',
        PasswordLength: 64,
        ExcludePunctuation: true,
      },
    });
  });

  it('replicates the home region quote key secret, under a fixed name, to every other region of the environment', () => {
    expectResource(t.prod.api, 'AWS::SecretsManager::Secret', {
      Name: quoteKeySecretName('prod'),
      ReplicaRegions: [{ Region: 'eu-central-1' }],
    });
  });

  it('keeps a generated quote key secret name in a single-region environment', () => {
    const [secret] = Object.entries(t.dev.api.findResources('AWS::SecretsManager::Secret'))
      .filter(([id]) => QUOTE_SECRET.test(id))
      .map(([, r]) => (r as { Properties: Record<string, unknown> }).Properties);
    expect(secret).toBeDefined();
    expect(secret!['Name']).toBeUndefined();
    expect(secret!['ReplicaRegions']).toBeUndefined();
  });

  it('signs quotes in a replica region with the home region key (the replicated secret, by name)', () => {
    // Act
    const ownSecrets = Object.keys(t.replica.api.findResources('AWS::SecretsManager::Secret')).filter((id) =>
      QUOTE_SECRET.test(id),
    );
    const priceFn = Object.values(
      t.replica.api.findResources('AWS::Lambda::Function', {
        Properties: { Role: { 'Fn::GetAtt': [Match.stringLikeRegexp('^PriceRole'), 'Arn'] } },
      }),
    )[0] as { Properties: Record<string, unknown> };
    const readsOfSecret = statementsOf(t.replica.api, /^PriceRole/).filter((s) =>
      (Array.isArray(s.Action) ? s.Action : [s.Action]).includes('secretsmanager:GetSecretValue'),
    );

    // Assess
    expect(ownSecrets).toEqual([]);
    expect(variables(priceFn.Properties)['QUOTE_KEY_SECRET_ARN']).toBe(quoteKeySecretName('prod'));
    expect(JSON.stringify(readsOfSecret.map((s) => s.Resource))).toContain(
      `:secretsmanager:eu-central-1:333333333333:secret:${quoteKeySecretName('prod')}-??????`,
    );
  });

  it('gives the price function the quote key secret arn', () => {
    expect(
      variables(
        Object.values(
          t.prod.api.findResources('AWS::Lambda::Function', {
            Properties: { Role: { 'Fn::GetAtt': [Match.stringLikeRegexp('^PriceRole'), 'Arn'] } },
          }),
        )[0]!.Properties as Record<string, unknown>,
      )['QUOTE_KEY_SECRET_ARN'],
    ).toEqual(quoteSecretRef(t.prod.api));
  });

  it.each([
    ['price', /^PriceRole/],
    ['verify', /^QuotesVerifyQuoteRole/],
  ])('lets the %s function read the quote key secret', (_name, role) => {
    expect(statementsOf(t.prod.api, role)).toContainEqual(
      expect.objectContaining({
        Action: expect.arrayContaining(['secretsmanager:GetSecretValue']) as unknown,
        Resource: expect.arrayContaining([quoteSecretRef(t.prod.api)]) as unknown,
      }),
    );
  });

  it('reserves a quarter of the pricing concurrency for quote verification', () => {
    expect(verifyFunction(t.prod.api)['ReservedConcurrentExecutions']).toBe(175);
  });

  it('gives the verify function the secret, the table and no dax endpoint, opinion cache or pointers', () => {
    // Act
    const env = variables(verifyFunction(t.prod.api));

    // Assess
    expect(env).toMatchObject({
      QUOTE_KEY_SECRET_ARN: quoteSecretRef(t.prod.api),
      QUOTE_TTL_MS: '30000',
      QUOTE_IN_PLAY_TTL_MS: '10000',
      OPINION_CACHE_TTL_MS: '0',
      CURRENT_VERSION_TTL_MS: '0',
    });
    expect(env['DAX_ENDPOINT']).toBeUndefined();
  });

  it('lets the verify function only get items from the table (no dax, no writes)', () => {
    // Act
    const actions = statementsOf(t.prod.api, /^QuotesVerifyQuoteRole/)
      .flatMap((s) => (Array.isArray(s.Action) ? s.Action : [s.Action]))
      .filter((a) => a.startsWith('dynamodb:') || a.startsWith('dax:'));

    // Assess
    expect(actions).toEqual(['dynamodb:GetItem']);
  });

  it('places the verify function in the vpc, next to the model cache it re-prices from', () => {
    expect(verifyFunction(t.dev.api)['VpcConfig']).toBeDefined();
  });

  it('serves POST /v1/quotes/verify with IAM (SigV4) authorisation', () => {
    // Act
    const verifyResource = Object.keys(
      t.dev.api.findResources('AWS::ApiGateway::Resource', { Properties: { PathPart: 'verify' } }),
    )[0];

    // Assess
    expectResource(t.dev.api, 'AWS::ApiGateway::Method', {
      HttpMethod: 'POST',
      AuthorizationType: 'AWS_IAM',
      ResourceId: { Ref: verifyResource },
    });
  });

  it('allows signed calls of POST /v1/quotes/verify from the account in the api resource policy', () => {
    expectResource(t.dev.api, 'AWS::ApiGateway::RestApi', {
      Policy: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Effect: 'Allow',
            Action: 'execute-api:Invoke',
            Resource: 'execute-api:/*/POST/v1/quotes/verify',
          }),
        ]),
      },
    });
  });

  it('alarms when the 5xx rate of POST /v1/quotes/verify exceeds 1% of its requests', () => {
    // Act
    const alarms = Object.entries(t.prod.api.findResources('AWS::CloudWatch::Alarm')).filter(([id]) =>
      id.startsWith('QuotesVerify5xxRate'),
    );

    // Assess
    expect(alarms).toHaveLength(1);
    expect(JSON.stringify(alarms[0]![1])).toContain('/v1/quotes/verify');
    expect((alarms[0]![1] as { Properties: Record<string, unknown> }).Properties).toMatchObject({
      Threshold: 1,
      EvaluationPeriods: 5,
      DatapointsToAlarm: 3,
    });
  });

  it('alarms on any error of the verify Lambda', () => {
    expect(
      Object.keys(t.prod.api.findResources('AWS::CloudWatch::Alarm')).some((id) =>
        id.startsWith('MonitoringVerifyQuoteErrors'),
      ),
    ).toBe(true);
  });
});

describe('multi-region routing', () => {
  function traderMethods(template: Template): Record<string, unknown>[] {
    return resourcesOf(template, 'AWS::ApiGateway::Method').filter(
      (m) => m['AuthorizationType'] === 'AWS_IAM',
    );
  }

  it('serves the trader routes and quote verification in the home region with their functions', () => {
    // Assess
    // PUT/GET /v1/fixtures/{fixtureId}, GET /v1/fixtures and POST /v1/quotes/verify
    expect(traderMethods(t.prod.api).map((m) => (m['Integration'] as { Type: string }).Type)).toEqual([
      'AWS_PROXY',
      'AWS_PROXY',
      'AWS_PROXY',
      'AWS_PROXY',
    ]);
  });

  it('answers the trader routes and quote verification in a replica region with 421 WRONG_REGION naming the home region', () => {
    // Act
    const integrations = traderMethods(t.replica.api).map(
      (m) =>
        m['Integration'] as {
          Type: string;
          IntegrationResponses: { StatusCode: string; ResponseTemplates: Record<string, string> }[];
        },
    );

    // Assess
    expect(integrations).toHaveLength(4);
    for (const i of integrations) {
      expect([i.Type, i.IntegrationResponses[0]?.StatusCode]).toEqual(['MOCK', '421']);
      expect(JSON.parse(i.IntegrationResponses[0]?.ResponseTemplates['application/json'] ?? '{}')).toEqual({
        error: expect.objectContaining({ code: 'WRONG_REGION', homeRegion: 'eu-west-1' }) as unknown,
      });
    }
  });

  it('says in the 421 of each replica route what that route is homed for (trader routes: opinions; verify: quotes)', () => {
    // Act
    const resources = t.replica.api.findResources('AWS::ApiGateway::Resource') as Record<
      string,
      { Properties: { ParentId: unknown; PathPart: string } }
    >;
    const pathOf = (ref: unknown): string => {
      const r = resources[(ref as { Ref?: string }).Ref ?? ''];
      return r ? `${pathOf(r.Properties.ParentId)}/${r.Properties.PathPart}` : '';
    };
    const messages = Object.fromEntries(
      traderMethods(t.replica.api).map((m) => [
        `${String(m['HttpMethod'])} ${pathOf(m['ResourceId'])}`,
        (
          JSON.parse(
            (m['Integration'] as { IntegrationResponses: { ResponseTemplates: Record<string, string> }[] })
              .IntegrationResponses[0]!.ResponseTemplates['application/json']!,
          ) as { error: { message: string } }
        ).error.message,
      ]),
    );

    // Assess
    // The OpenAPI registry's homed routes, with the message the document shows for each.
    expect(messages).toEqual(
      Object.fromEntries(
        ROUTES.filter((r) => r.homed !== undefined).map((r) => [
          `${r.method} ${r.path}`,
          wrongRegionBody(r.homed!, 'eu-west-1').error.message,
        ]),
      ),
    );
    expect(Object.keys(messages).sort()).toEqual([
      'GET /v1/fixtures',
      'GET /v1/fixtures/{fixtureId}',
      'POST /v1/quotes/verify',
      'PUT /v1/fixtures/{fixtureId}',
    ]);
    expect(messages['POST /v1/quotes/verify']).toMatch(/^quotes are verified in eu-west-1 only/);
  });

  it('runs no opinion function in a replica region', () => {
    // Assess
    expect(replica.apiStack.opinionFunction).toBeUndefined();
    expect(prod.apiStack.opinionFunction).toBeDefined();
  });

  it('primes the replica region cache from its own replica stream', () => {
    // Assess: the mapping's stream is the one the replica region's data stack looked up
    expectResource(t.replica.api, 'AWS::Lambda::EventSourceMapping', {
      EventSourceArn: {
        'Fn::GetStackOutput': Match.objectLike({
          StackName: 'BetBuilder-prod-eu-central-1-Data',
          Region: 'eu-central-1',
          OutputName: Match.stringLikeRegexp('ReplicaStreamArn'),
        }),
      },
    });
  });
});

describe('quotas', () => {
  it('reserves 700 of the default 1000 concurrent executions for pricing in prod', () => {
    // Assess
    expectResource(t.prod.api, 'AWS::Lambda::Function', {
      FunctionName: 'betbuilder-prod-eu-west-1-price',
      ReservedConcurrentExecutions: 700,
    });
  });

  it.each(['prod', 'replica'] as const)(
    'leaves 100 of the default 1000 concurrent executions unreserved in the %s region, counting every reservation',
    (which) => {
      // Act
      const reserved = resourcesOf(t[which].api, 'AWS::Lambda::Function')
        .map((f) => f['ReservedConcurrentExecutions'])
        .filter((r): r is number => typeof r === 'number');

      // Assess
      expect(reserved.reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(1000 - 100);
    },
  );
});

describe('edge validation', () => {
  it('validates the POST /v1/price body against the PriceRequest model', () => {
    // Assess
    expectResource(t.dev.api, 'AWS::ApiGateway::Method', {
      HttpMethod: 'POST',
      RequestModels: { 'application/json': { Ref: Match.stringLikeRegexp('^PricingApiPriceRequestModel') } },
      RequestValidatorId: { Ref: Match.stringLikeRegexp('^PricingApiValidateBody') },
    });
  });

  it('validates the PUT /v1/fixtures/{fixtureId} body against the Opinion model', () => {
    // Assess
    expectResource(t.dev.api, 'AWS::ApiGateway::Method', {
      HttpMethod: 'PUT',
      RequestModels: { 'application/json': { Ref: Match.stringLikeRegexp('^PricingApiOpinionModel') } },
    });
  });

  it('turns on body validation in the body validator', () => {
    // Assess
    expectResource(t.dev.api, 'AWS::ApiGateway::RequestValidator', {
      ValidateRequestBody: true,
      ValidateRequestParameters: true,
    });
  });

  it('generates the PriceRequest model from the zod schema the price handler parses with', () => {
    // Assess
    expectResource(t.dev.api, 'AWS::ApiGateway::Model', {
      Name: 'PriceRequest',
      ContentType: 'application/json',
      Schema: toRequestModelSchema(priceRequestSchema),
    });
  });

  it('writes the models as json schema draft 4 (what api gateway validates)', () => {
    // Act
    const schemas = resourcesOf(t.dev.api, 'AWS::ApiGateway::Model').map(
      (m) => m['Schema'] as { $schema: string },
    );

    // Assess
    expect(schemas).toHaveLength(Object.keys(REQUEST_MODEL_SCHEMAS).length);
    for (const schema of schemas) expect(schema.$schema).toBe('http://json-schema.org/draft-04/schema#');
  });

  it('lets the Opinion model leave fixtureId to the path', () => {
    // Act
    const opinion = resourcesOf(t.dev.api, 'AWS::ApiGateway::Model').find((m) => m['Name'] === 'Opinion');

    // Assess
    expect((opinion?.['Schema'] as { required: string[] }).required).not.toContain('fixtureId');
  });

  it.each(GATEWAY_ERRORS.map((e) => [e.type.responseType, e] as const))(
    'maps the %s gateway response to the contract error shape',
    (type, e) => {
      // Assess
      expectResource(t.dev.api, 'AWS::ApiGateway::GatewayResponse', {
        ResponseType: type,
        ResponseTemplates: {
          'application/json': `{"error":{"code":"${e.code}","message":${e.message}}}`,
        },
        ...(e.status ? { StatusCode: e.status } : {}),
      });
    },
  );

  it('answers valid JSON from every gateway response whatever API Gateway substitutes into it', () => {
    // Prepare: what API Gateway puts in place of each variable (messageString arrives quoted, the others raw)
    const substitutions: Record<string, string> = {
      '$context.error.messageString': '"Invalid request body"',
      '$context.error.validationErrorString': '[object has missing required properties (["legs"])]',
      '$context.error.message': 'Invalid request body',
      '$context.requestId': 'c0ffee00-0000-4000-8000-000000000000',
    };
    const templates = resourcesOf(t.dev.api, 'AWS::ApiGateway::GatewayResponse').map(
      (r) => (r['ResponseTemplates'] as Record<string, string>)['application/json']!,
    );

    // Act
    const unparsable = templates.filter((template) => {
      const body = Object.entries(substitutions).reduce((b, [k, v]) => b.split(k).join(v), template);
      try {
        JSON.parse(body);
        return false;
      } catch {
        return true;
      }
    });

    // Assess
    expect(templates.length).toBe(GATEWAY_ERRORS.length);
    expect(unparsable).toEqual([]);
  });
});

describe('waf', () => {
  it('associates a regional web acl with the live stage', () => {
    // Assess
    expectResource(t.prod.api, 'AWS::WAFv2::WebACLAssociation', {
      ResourceArn: {
        'Fn::Join': [
          '',
          Match.arrayWith(['/stages/', { Ref: Match.stringLikeRegexp('^PricingApiDeploymentStagelive') }]),
        ],
      },
      WebACLArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^WafWebAcl'), 'Arn'] },
    });
  });

  it.each(MANAGED_RULE_GROUPS)('runs the AWS managed rule group %s', (name) => {
    // Assess
    expectResource(t.prod.api, 'AWS::WAFv2::WebACL', {
      Scope: 'REGIONAL',
      Rules: Match.arrayWith([
        Match.objectLike({ Statement: { ManagedRuleGroupStatement: { VendorName: 'AWS', Name: name } } }),
      ]),
    });
  });

  it('rate-limits each source ip outside the sportsbook ranges to 1000 requests per 5 minutes', () => {
    // Assess
    expectResource(t.prod.api, 'AWS::WAFv2::WebACL', {
      Rules: Match.arrayWith([
        Match.objectLike({
          Action: { Block: {} },
          Statement: {
            RateBasedStatement: {
              Limit: 1000,
              EvaluationWindowSec: 300,
              AggregateKeyType: 'IP',
              ScopeDownStatement: {
                NotStatement: {
                  Statement: {
                    IPSetReferenceStatement: {
                      Arn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^WafSportsbookRanges'), 'Arn'] },
                    },
                  },
                },
              },
            },
          },
        }),
      ]),
    });
  });

  it('only counts the common rule set body-size rule (8 KB), so bodies up to the 16 KiB the contract accepts pass', () => {
    // Assess
    expectResource(t.prod.api, 'AWS::WAFv2::WebACL', {
      Rules: Match.arrayWith([
        Match.objectLike({
          Statement: {
            ManagedRuleGroupStatement: Match.objectLike({
              Name: 'AWSManagedRulesCommonRuleSet',
              RuleActionOverrides: [{ Name: 'SizeRestrictions_BODY', ActionToUse: { Count: {} } }],
            }),
          },
        }),
      ]),
    });
  });

  it('lists the sportsbook ranges in the ip set the rate rule exempts', () => {
    // Assess
    expectResource(t.prod.api, 'AWS::WAFv2::IPSet', { Addresses: ['203.0.113.0/24', '198.51.100.0/24'] });
  });

  it('logs the web acl to a log group whose name starts with aws-waf-logs-', () => {
    // Act
    const [logging] = resourcesOf(t.prod.api, 'AWS::WAFv2::LoggingConfiguration');
    const destination = JSON.stringify(logging?.['LogDestinationConfigs']);

    // Assess
    expect(destination).toContain(`:log-group:${WAF_LOG_GROUP_PREFIX}`);
    expect(destination).not.toContain(':*');
  });

  it('lets the rollback of a failed first create delete the prod waf log group (fixed name), so a retry can create it', () => {
    // Act
    const groups = Object.values(
      t.prod.api.findResources('AWS::Logs::LogGroup', {
        Properties: { LogGroupName: Match.stringLikeRegexp(`^${WAF_LOG_GROUP_PREFIX}`) },
      }),
    ) as { DeletionPolicy?: string }[];

    // Assess
    expect(groups.map((g) => g.DeletionPolicy)).toEqual(['RetainExceptOnCreate']);
  });
});

describe('logs', () => {
  it('gives every api stack log group a retention', () => {
    // Act
    const groups = resourcesOf(t.prod.api, 'AWS::Logs::LogGroup');

    // Assess
    expect(groups.filter((g) => g['RetentionInDays'] === undefined)).toEqual([]);
  });

  it('encrypts every api stack log group with a customer-managed key', () => {
    // Act
    const groups = resourcesOf(t.prod.api, 'AWS::Logs::LogGroup');

    // Assess
    expect(groups.filter((g) => g['KmsKeyId'] === undefined)).toEqual([]);
  });

  it('owns the api gateway execution log group, with a retention', () => {
    // Assess
    expectResource(t.prod.api, 'AWS::Logs::LogGroup', {
      LogGroupName: Match.objectLike({
        'Fn::Join': ['', Match.arrayWith(['API-Gateway-Execution-Logs_', '/live'])],
      }),
      RetentionInDays: 90,
    });
  });

  it("lets cloudwatch logs use the logs key only for this account's log groups in this region", () => {
    // Assess
    const logsOfThisAccount = Match.objectLike({
      Sid: 'CloudWatchLogsOfThisAccount',
      Principal: { Service: 'logs.eu-west-1.amazonaws.com' },
      Condition: Match.objectLike({
        ArnLike: {
          'kms:EncryptionContext:aws:logs:arn': 'arn:aws:logs:eu-west-1:333333333333:log-group:*',
        },
      }),
    });
    expectResource(t.prod.api, 'AWS::KMS::Key', {
      KeyPolicy: { Statement: Match.arrayWith([logsOfThisAccount]) },
    });
  });

  it('conditions the logs key on the encryption context alone (no aws:SourceAccount, which logs may not send)', () => {
    // Act
    const statements = resourcesOf(t.prod.api, 'AWS::KMS::Key')
      .flatMap((k) => (k['KeyPolicy'] as { Statement: { Sid?: string; Condition?: unknown }[] }).Statement)
      .filter((st) => st.Sid === 'CloudWatchLogsOfThisAccount');

    // Assess
    expect(statements.length).toBeGreaterThan(0);
    for (const st of statements) expect(Object.keys(st.Condition as object)).toEqual(['ArnLike']);
  });
});
