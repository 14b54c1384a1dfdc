import { CfnOutput, Duration, RemovalPolicy, Stack, Validations, type StackProps } from 'aws-cdk-lib';
import * as apigw from 'aws-cdk-lib/aws-apigateway';
import type * as dax from 'aws-cdk-lib/aws-dax';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import type * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as sources from 'aws-cdk-lib/aws-lambda-event-sources';
import * as logs from 'aws-cdk-lib/aws-logs';
import type * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import type { EnvironmentConfig } from '../config/types';
import { BundledFunction } from '../constructs/BundledFunction';
import { Monitoring, type CacheMonitoringTarget } from '../constructs/Monitoring';
import { QuoteVerification } from '../constructs/QuoteVerification';
import { DEFAULT_HANDLER_ENTRIES, type HandlerEntries } from '../paths';
import type { CacheEndpoint } from './CacheStack';
import { LAMBDA_SUBNETS } from './NetworkStack';

export interface ApiStackProps extends StackProps {
  readonly config: EnvironmentConfig;
  readonly vpc: ec2.IVpc;
  readonly lambdaSecurityGroup: ec2.ISecurityGroup;
  readonly table: dynamodb.ITable;
  /** @default - no DAX: the pricing Lambda reads DynamoDB directly */
  readonly daxCluster?: dax.CfnCluster;
  readonly cacheEndpoint: CacheEndpoint;
  readonly cacheAuthSecret: secretsmanager.ISecret;
  readonly cacheMonitoring: CacheMonitoringTarget;
  /** @default DEFAULT_HANDLER_ENTRIES (the real handler files) */
  readonly handlerEntries?: HandlerEntries;
}

/** API Gateway stage name: URLs are `https://<id>.execute-api.<region>.amazonaws.com/live/v1/price`. */
export const API_STAGE_NAME = 'live';
/** The alias every caller (API Gateway, keep-warm, provisioned concurrency) uses. */
export const LIVE_ALIAS = 'live';

/**
 * Stateless: the pricing, opinion, cache-primer and keep-warm Lambdas, the REST API, alarms and dashboard.
 * It can be destroyed and redeployed at will; everything it needs by name comes from the stateful stacks.
 */
export class ApiStack extends Stack {
  readonly api: apigw.RestApi;
  readonly priceFunction: lambda.Function;
  readonly priceAlias: lambda.Alias;
  readonly opinionFunction: lambda.Function;
  readonly primerFunction: lambda.Function;
  readonly keepWarmFunction?: lambda.Function;
  readonly primerDlq: sqs.Queue;
  /** Quote keys, the verify Lambda and `POST /v1/quotes/verify`. */
  readonly quotes: QuoteVerification;
  readonly monitoring: Monitoring;
  /** `https://…/live/` (CloudFormation output consumed by the pipeline's smoke test). */
  readonly apiUrlOutput: CfnOutput;

  constructor(scope: Construct, id: string, props: ApiStackProps) {
    super(scope, id, props);
    const { config } = props;
    const entries = props.handlerEntries ?? DEFAULT_HANDLER_ENTRIES;
    const prod = config.name === 'prod';
    const logRetention = prod ? logs.RetentionDays.THREE_MONTHS : logs.RetentionDays.TWO_WEEKS;
    const removalPolicy = prod ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY;
    const architecture =
      config.lambda.architecture === 'arm64' ? lambda.Architecture.ARM_64 : lambda.Architecture.X86_64;
    const inVpc = {
      vpc: props.vpc,
      subnetGroupName: LAMBDA_SUBNETS,
      securityGroups: [props.lambdaSecurityGroup],
    };

    const powertools = (service: string): Record<string, string> => ({
      POWERTOOLS_SERVICE_NAME: service,
      POWERTOOLS_METRICS_NAMESPACE: 'BetBuilder',
      POWERTOOLS_LOG_LEVEL: prod ? 'INFO' : 'DEBUG',
    });
    const redisEnv: Record<string, string> = {
      REDIS_HOST: props.cacheEndpoint.host,
      REDIS_PORT: props.cacheEndpoint.port,
      REDIS_TLS: 'true',
      REDIS_CLUSTER: String(props.cacheEndpoint.cluster),
      REDIS_AUTH_SECRET_ARN: props.cacheAuthSecret.secretArn,
      ...(props.cacheEndpoint.username ? { REDIS_USERNAME: props.cacheEndpoint.username } : {}),
    };

    // --- pricing (hot path) ---
    const price = new BundledFunction(this, 'Price', {
      entry: entries.price,
      description: 'POST /v1/price: prices a bet against the cached fixture model',
      memorySizeMiB: config.lambda.memorySizeMiB,
      timeout: Duration.seconds(config.lambda.timeoutSeconds),
      architecture,
      reservedConcurrentExecutions: config.lambda.reservedConcurrency,
      vpc: inVpc,
      logRetention,
      removalPolicy,
      environment: {
        TABLE_NAME: props.table.tableName,
        ...(props.daxCluster ? { DAX_ENDPOINT: props.daxCluster.attrClusterDiscoveryEndpointUrl } : {}),
        ...redisEnv,
        MODEL_L1_MAX_MB: String(Math.max(16, Math.floor(config.lambda.memorySizeMiB / 8))),
        OPINION_CACHE_TTL_MS: '2000',
        // Lifetime of a fixture's current-version pointer (ADR 0005): how long prices can lag the table if the primer stops.
        CURRENT_VERSION_TTL_MS: '30000',
        DEPENDENCY_TIMEOUT_MS: '800',
        ...powertools('pricing'),
      },
    });
    this.priceFunction = price.fn;
    grantTableActions(price.role, props.table, ['dynamodb:GetItem']);
    if (props.daxCluster) {
      price.role.addToPolicy(
        new iam.PolicyStatement({ actions: ['dax:GetItem'], resources: [props.daxCluster.attrArn] }),
      );
    }
    props.cacheAuthSecret.grantRead(price.role);

    this.priceAlias = new lambda.Alias(this, 'PriceLive', {
      aliasName: LIVE_ALIAS,
      version: price.fn.currentVersion,
      ...(config.warm.mode === 'provisioned'
        ? { provisionedConcurrentExecutions: config.warm.minProvisioned }
        : {}),
    });
    if (config.warm.mode === 'provisioned') {
      this.priceAlias
        .addAutoScaling({ minCapacity: config.warm.minProvisioned, maxCapacity: config.warm.maxProvisioned })
        .scaleOnUtilization({ utilizationTarget: config.warm.targetUtilization });
    }

    // --- opinion read/write: DynamoDB only, so it stays out of the VPC (no ENIs, faster cold start) ---
    const opinion = new BundledFunction(this, 'Opinion', {
      entry: entries.opinion,
      description: 'PUT/GET /v1/fixtures/{fixtureId}: traders write and read opinions',
      memorySizeMiB: 512,
      timeout: Duration.seconds(config.lambda.timeoutSeconds),
      architecture,
      logRetention,
      removalPolicy,
      environment: { TABLE_NAME: props.table.tableName, ...powertools('opinion') },
    });
    this.opinionFunction = opinion.fn;
    // Optimistic concurrency is a conditional PutItem (OpinionStore.put), so no UpdateItem.
    grantTableActions(opinion.role, props.table, ['dynamodb:GetItem', 'dynamodb:PutItem']);

    // --- cache primer: stream (new + old images) -> build model -> L2; REMOVE -> delete ---
    this.primerDlq = new sqs.Queue(this, 'PrimerDlq', {
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    Validations.of(this.primerDlq).acknowledge({
      id: 'AwsSolutions-SQS3',
      reason:
        'PrimerDlq is itself the dead-letter destination of the primer stream mapping; it has no further DLQ',
    });
    const primer = new BundledFunction(this, 'Primer', {
      entry: entries.primer,
      description: 'DynamoDB stream -> builds fixture models into the L2 cache; deletes them on REMOVE',
      memorySizeMiB: config.lambda.memorySizeMiB,
      timeout: Duration.seconds(60),
      architecture,
      vpc: inVpc,
      logRetention,
      removalPolicy,
      extraWildcardReason:
        'dynamodb:ListStreams (added by the stream event source) has no resource-level permissions',
      environment: {
        TABLE_NAME: props.table.tableName,
        ...redisEnv,
        // The primer publishes the current-version pointers with this lifetime (ADR 0005).
        CURRENT_VERSION_TTL_MS: '30000',
        ...powertools('primer'),
      },
    });
    this.primerFunction = primer.fn;
    props.cacheAuthSecret.grantRead(primer.role);
    primer.fn.addEventSource(
      new sources.DynamoEventSource(props.table, {
        startingPosition: lambda.StartingPosition.LATEST,
        batchSize: 10,
        maxBatchingWindow: Duration.seconds(0),
        bisectBatchOnError: true,
        reportBatchItemFailures: true,
        retryAttempts: 5,
        maxRecordAge: Duration.hours(1),
        parallelizationFactor: 2,
        onFailure: new sources.SqsDlq(this.primerDlq),
      }),
    );

    // --- keep-warm: schedule -> keep-warm Lambda -> N concurrent warm-ups of the live alias ---
    if (config.warm.mode === 'keep-warm') {
      const keepWarm = new BundledFunction(this, 'KeepWarm', {
        entry: entries.keepWarm,
        description: `Keeps ${config.warm.concurrency} pricing containers warm`,
        memorySizeMiB: 256,
        timeout: Duration.seconds(30),
        architecture,
        // One run at a time: overlapping runs would only invoke each other's containers.
        reservedConcurrentExecutions: 1,
        logRetention,
        removalPolicy,
        environment: {
          // The alias, not $LATEST: API Gateway invokes the alias, and containers are per version.
          TARGET_FUNCTION_NAME: this.priceAlias.functionArn,
          WARM_CONCURRENCY: String(config.warm.concurrency),
          ...powertools('keep-warm'),
        },
      });
      this.keepWarmFunction = keepWarm.fn;
      keepWarm.role.addToPolicy(
        new iam.PolicyStatement({
          actions: ['lambda:InvokeFunction'],
          resources: [this.priceAlias.functionArn],
        }),
      );
      new events.Rule(this, 'KeepWarmSchedule', {
        description: `Every ${config.warm.rateMinutes} min: ${config.warm.concurrency} concurrent warm-ups of pricing:${LIVE_ALIAS}`,
        schedule: events.Schedule.rate(Duration.minutes(config.warm.rateMinutes)),
        targets: [new targets.LambdaFunction(keepWarm.fn, { retryAttempts: 0 })],
      });
    }

    // --- REST API ---
    const accessLogs = new logs.LogGroup(this, 'ApiAccessLogs', { retention: logRetention, removalPolicy });
    this.api = new apigw.RestApi(this, 'PricingApi', {
      description: 'Bet-builder pricing API',
      endpointTypes: [apigw.EndpointType.REGIONAL],
      cloudWatchRole: true,
      cloudWatchRoleRemovalPolicy: RemovalPolicy.RETAIN,
      policy: apiResourcePolicy(config.api.allowedSourceCidrs, this.account),
      deployOptions: {
        stageName: API_STAGE_NAME,
        tracingEnabled: true,
        throttlingRateLimit: config.api.throttleRateLimit,
        throttlingBurstLimit: config.api.throttleBurstLimit,
        metricsEnabled: true,
        loggingLevel: apigw.MethodLoggingLevel.ERROR,
        dataTraceEnabled: false,
        accessLogDestination: new apigw.LogGroupLogDestination(accessLogs),
        accessLogFormat: apigw.AccessLogFormat.jsonWithStandardFields(),
      },
    });
    const validator = this.api.addRequestValidator('RequireParameters', {
      validateRequestParameters: true,
      validateRequestBody: true,
    });
    const v1 = this.api.root.addResource('v1');
    const priceMethod = v1
      .addResource('price')
      .addMethod('POST', new apigw.LambdaIntegration(this.priceAlias), {
        authorizationType: apigw.AuthorizationType.NONE,
        requestValidator: validator,
      });
    Validations.of(priceMethod).acknowledge(
      {
        id: 'AwsSolutions-APIG4',
        reason:
          'POST /v1/price is restricted by the API resource policy to the sportsbook source ranges; no authoriser on the hot path',
      },
      {
        id: 'AwsSolutions-COG4',
        reason:
          'POST /v1/price is a server-to-server call from the sportsbook: source-ip resource policy, no cognito users',
      },
    );
    const fixture = v1.addResource('fixtures').addResource('{fixtureId}');
    // The menu is the price function's too (same models, same caches), behind the same source-range policy.
    const marketsMethod = fixture
      .addResource('markets')
      .addMethod('GET', new apigw.LambdaIntegration(this.priceAlias), {
        authorizationType: apigw.AuthorizationType.NONE,
        requestParameters: { 'method.request.path.fixtureId': true },
        requestValidator: validator,
      });
    Validations.of(marketsMethod).acknowledge(
      {
        id: 'AwsSolutions-APIG4',
        reason:
          'GET /v1/fixtures/{fixtureId}/markets is restricted by the API resource policy to the sportsbook source ranges, as POST /v1/price',
      },
      {
        id: 'AwsSolutions-COG4',
        reason:
          'GET /v1/fixtures/{fixtureId}/markets is a server-to-server call from the sportsbook: source-ip resource policy, no cognito users',
      },
    );
    const opinionIntegration = new apigw.LambdaIntegration(opinion.fn);
    for (const verb of ['PUT', 'GET']) {
      const m = fixture.addMethod(verb, opinionIntegration, {
        authorizationType: apigw.AuthorizationType.IAM,
        requestParameters: { 'method.request.path.fixtureId': true },
        requestValidator: validator,
      });
      Validations.of(m).acknowledge({
        id: 'AwsSolutions-COG4',
        reason: `${verb} /v1/fixtures/{fixtureId} uses IAM (SigV4) authorisation for trader tooling, not cognito`,
      });
    }
    Validations.of(this.api).acknowledge({
      id: 'AwsSolutions-APIG3',
      reason:
        'PricingApi: the price route only answers allow-listed source ranges and the rest is IAM-signed; stage throttling caps abuse; waf is a cost decision left to the environment owner',
    });
    const cwRole = this.api.node.tryFindChild('CloudWatchRole');
    if (cwRole) {
      Validations.of(cwRole).acknowledge({
        id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AmazonAPIGatewayPushToCloudWatchLogs]',
        reason:
          'PricingApi CloudWatchRole: API Gateway needs this account-level role to write access and execution logs',
      });
    }

    this.quotes = new QuoteVerification(this, 'Quotes', {
      config,
      api: this.api,
      v1,
      requestValidator: validator,
      table: props.table,
      entry: entries.verifyQuote,
      architecture,
      vpc: inVpc,
      redisEnvironment: redisEnv,
      cacheAuthSecret: props.cacheAuthSecret,
      powertoolsEnvironment: powertools('quotes'),
      signers: [price],
      logRetention,
      removalPolicy,
    });

    this.apiUrlOutput = new CfnOutput(this, 'ApiUrl', { value: this.api.url });
    new CfnOutput(this, 'PriceFunctionAlias', { value: this.priceAlias.functionArn });

    this.monitoring = new Monitoring(this, 'Monitoring', {
      config,
      api: this.api,
      priceFunction: price.fn,
      functions: {
        price: price.fn,
        opinion: opinion.fn,
        primer: primer.fn,
        verifyQuote: this.quotes.verifyFunction,
        ...(this.keepWarmFunction ? { keepWarm: this.keepWarmFunction } : {}),
      },
      primerDlq: this.primerDlq,
      cache: props.cacheMonitoring,
      ...(props.daxCluster ? { daxClusterName: props.daxCluster.ref } : {}),
    });
    Object.assign(this.monitoring.alarms, this.quotes.addAlarms(this.monitoring.topic));
  }
}

/** Table actions by name, on the table ARN only (no index or stream wildcards). */
function grantTableActions(role: iam.IRole, table: dynamodb.ITable, actions: string[]): void {
  role.addToPrincipalPolicy(new iam.PolicyStatement({ actions, resources: [table.tableArn] }));
}

/**
 * POST /v1/price and GET /v1/fixtures/{fixtureId}/markets: allowed only from the configured source ranges (and
 * explicitly denied otherwise, so a later broad Allow — such as the account's signed `GET /v1/fixtures/*`, whose
 * wildcard also matches `…/markets` — cannot open them). The opinion routes use IAM auth; the account may call them.
 */
export function apiResourcePolicy(allowedCidrs: readonly string[], account: string): iam.PolicyDocument {
  const priceRoute = ['execute-api:/*/POST/v1/price', 'execute-api:/*/GET/v1/fixtures/*/markets'];
  return new iam.PolicyDocument({
    statements: [
      new iam.PolicyStatement({
        sid: 'AllowPriceFromSportsbookRanges',
        effect: iam.Effect.ALLOW,
        principals: [new iam.AnyPrincipal()],
        actions: ['execute-api:Invoke'],
        resources: priceRoute,
        conditions: { IpAddress: { 'aws:SourceIp': [...allowedCidrs] } },
      }),
      new iam.PolicyStatement({
        sid: 'DenyPriceFromElsewhere',
        effect: iam.Effect.DENY,
        principals: [new iam.AnyPrincipal()],
        actions: ['execute-api:Invoke'],
        resources: priceRoute,
        conditions: { NotIpAddress: { 'aws:SourceIp': [...allowedCidrs] } },
      }),
      new iam.PolicyStatement({
        sid: 'AllowSignedOpinionCallsFromThisAccount',
        effect: iam.Effect.ALLOW,
        principals: [new iam.AccountPrincipal(account)],
        actions: ['execute-api:Invoke'],
        resources: ['execute-api:/*/PUT/v1/fixtures/*', 'execute-api:/*/GET/v1/fixtures/*'],
      }),
    ],
  });
}
