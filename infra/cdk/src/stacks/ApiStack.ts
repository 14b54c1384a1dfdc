import {
  HANDLER_PACKAGING,
  OPINION_TABLE,
  WRONG_REGION,
  wrongRegionBody,
  type DeployedEnvironment,
  type HomedRoutes,
} from '@betbuilder/pricing-lambda';
import { CfnOutput, Duration, RemovalPolicy, Stack, Validations, type StackProps } from 'aws-cdk-lib';
import * as apigw from 'aws-cdk-lib/aws-apigateway';
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
import { REQUEST_MODEL_SCHEMAS, toRequestModelSchema } from '../api/requestModels';
import { environmentId, type DataPlacement, type EnvironmentConfig } from '../config/types';
import { BundledFunction } from '../constructs/BundledFunction';
import { CustomDomain, HEALTH_RESOURCE } from '../constructs/CustomDomain';
import { Monitoring } from '../constructs/Monitoring';
import { QuoteVerification } from '../constructs/QuoteVerification';
import { logsKey } from '../constructs/logsKey';
import { PricingWaf } from '../constructs/PricingWaf';
import { DEFAULT_HANDLER_ENTRIES, type HandlerEntries } from '../paths';
import type { CacheEndpoint, CacheMonitoringTarget } from './CacheStack';
import type { DaxClusterRef } from './DataStack';
import { LAMBDA_SUBNETS } from './NetworkStack';

export interface ApiStackProps extends StackProps {
  readonly config: EnvironmentConfig;
  readonly vpc: ec2.IVpc;
  readonly lambdaSecurityGroup: ec2.ISecurityGroup;
  /** This region's replica of the opinions global table. */
  readonly table: dynamodb.ITable;
  /** Home and replica regions: trader routes are served in the home region only. */
  readonly placement: DataPlacement;
  /** @default - no DAX: the pricing Lambda reads DynamoDB directly */
  readonly dax?: DaxClusterRef;
  readonly cacheEndpoint: CacheEndpoint;
  readonly cacheAuthSecret: secretsmanager.ISecret;
  readonly cacheMonitoring: CacheMonitoringTarget;
  /** The pipeline's account: may invoke `pricing:live` and the opinion function (post-deploy smoke test). @default none */
  readonly pipelineAccount?: string;
  /** @default DEFAULT_HANDLER_ENTRIES (the real handler files) */
  readonly handlerEntries?: HandlerEntries;
}

/** Physical names of the functions the smoke test invokes (fixed, so the pipeline can scope its grant to them). */
export function functionNameOf(config: EnvironmentConfig, role: 'price' | 'opinion'): string {
  return `betbuilder-${environmentId(config)}-${role}`;
}

/** API Gateway stage name: URLs are `https://<id>.execute-api.<region>.amazonaws.com/live/v1/price`. */
export const API_STAGE_NAME = 'live';
/** The alias every caller (API Gateway, keep-warm, provisioned concurrency) uses. */
export const LIVE_ALIAS = 'live';
/** Status and code of a homed route called in a replica region (RFC 9110 421: this server does not serve it). */
export { WRONG_REGION };

/**
 * API Gateway's own refusals, in the contract's error shape (`{"error":{"code","message"}}`). `$context.error.*`
 * are substituted by API Gateway (messageString is already a quoted JSON string). Order: most specific first.
 */
export const GATEWAY_ERRORS: readonly {
  readonly type: apigw.ResponseType;
  readonly status: string;
  readonly code: string;
  readonly message: string;
}[] = [
  {
    type: apigw.ResponseType.BAD_REQUEST_BODY,
    status: '400',
    code: 'INVALID_REQUEST',
    // Not `$context.error.validationErrorString`: it is substituted raw (gateway responses have no VTL to escape it) and
    // holds double quotes (`[object has missing required properties (["legs"])]`), which would break the JSON body.
    // The handlers' own 400s name the field; the edge only says which route's schema the body missed.
    message:
      '"invalid request body: it does not match the JSON schema of this route (see the OpenAPI document)"',
  },
  {
    type: apigw.ResponseType.BAD_REQUEST_PARAMETERS,
    status: '400',
    code: 'INVALID_REQUEST',
    message: '$context.error.messageString',
  },
  {
    type: apigw.ResponseType.REQUEST_TOO_LARGE,
    status: '413',
    code: 'PAYLOAD_TOO_LARGE',
    message: '"request body too large"',
  },
  {
    type: apigw.ResponseType.UNSUPPORTED_MEDIA_TYPE,
    status: '415',
    code: 'UNSUPPORTED_MEDIA_TYPE',
    message: '"request body must be application/json"',
  },
  {
    type: apigw.ResponseType.ACCESS_DENIED,
    status: '403',
    code: 'FORBIDDEN',
    message: '$context.error.messageString',
  },
  {
    type: apigw.ResponseType.WAF_FILTERED,
    status: '403',
    code: 'FORBIDDEN',
    message: '"request blocked by the web acl"',
  },
  {
    type: apigw.ResponseType.MISSING_AUTHENTICATION_TOKEN,
    status: '403',
    code: 'FORBIDDEN',
    message: '"no such route, or the request is not signed"',
  },
  {
    type: apigw.ResponseType.THROTTLED,
    status: '429',
    code: 'THROTTLED',
    message: '"too many requests: slow down and retry"',
  },
  {
    type: apigw.ResponseType.DEFAULT_4XX,
    status: '',
    code: 'INVALID_REQUEST',
    message: '$context.error.messageString',
  },
  {
    type: apigw.ResponseType.DEFAULT_5XX,
    status: '',
    code: 'INTERNAL',
    message: '"internal error (request $context.requestId)"',
  },
];

/**
 * Stateless: the pricing, opinion, cache-primer and keep-warm Lambdas, the REST API, alarms and dashboard.
 * It can be destroyed and redeployed at will; everything it needs by name comes from the stateful stacks.
 */
export class ApiStack extends Stack {
  readonly api: apigw.RestApi;
  readonly priceFunction: lambda.Function;
  readonly priceAlias: lambda.Alias;
  /** Home region only: trader routes elsewhere answer 421 WRONG_REGION. */
  readonly opinionFunction?: lambda.Function;
  readonly primerFunction: lambda.Function;
  readonly keepWarmFunction?: lambda.Function;
  readonly primerDlq: sqs.Queue;
  /** Quote keys, the verify Lambda and `POST /v1/quotes/verify`. */
  readonly quotes: QuoteVerification;
  readonly monitoring: Monitoring;
  readonly waf: PricingWaf;
  /** This region's custom domain, health check and latency record (only with `api.customDomain`). */
  readonly customDomain?: CustomDomain;
  /** `https://…/live/`. */
  readonly apiUrlOutput: CfnOutput;
  /** ARN of `pricing:live` (the pipeline's smoke test invokes it directly, past the IP allow-list). */
  readonly priceAliasOutput: CfnOutput;
  /** ARN of the opinion function, home region only (the smoke test seeds its fixture through it). */
  readonly opinionFunctionOutput?: CfnOutput;

  constructor(scope: Construct, id: string, props: ApiStackProps) {
    super(scope, id, props);
    const { config } = props;
    const entries = props.handlerEntries ?? DEFAULT_HANDLER_ENTRIES;
    const prod = config.name === 'prod';
    const home = props.placement.homeRegion === config.region;
    const logKey = logsKey(this);
    const logRetention = prod ? logs.RetentionDays.THREE_MONTHS : logs.RetentionDays.TWO_WEEKS;
    const removalPolicy = prod ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY;
    const architecture =
      config.lambda.architecture === 'arm64' ? lambda.Architecture.ARM_64 : lambda.Architecture.X86_64;
    const inVpc = {
      vpc: props.vpc,
      subnetGroupName: LAMBDA_SUBNETS,
      securityGroups: [props.lambdaSecurityGroup],
    };

    const powertools = (service: string) =>
      ({
        POWERTOOLS_SERVICE_NAME: service,
        POWERTOOLS_METRICS_NAMESPACE: 'BetBuilder',
        POWERTOOLS_LOG_LEVEL: prod ? 'INFO' : 'DEBUG',
      }) satisfies DeployedEnvironment;
    const redisEnv: DeployedEnvironment = {
      REDIS_HOST: props.cacheEndpoint.host,
      REDIS_PORT: props.cacheEndpoint.port,
      REDIS_TLS: 'true',
      REDIS_CLUSTER: props.cacheEndpoint.cluster ? 'true' : 'false',
      REDIS_AUTH_SECRET_ARN: props.cacheAuthSecret.secretArn,
      ...(props.cacheEndpoint.username ? { REDIS_USERNAME: props.cacheEndpoint.username } : {}),
    };

    // --- pricing (hot path) ---
    const price = new BundledFunction(this, 'Price', {
      entry: entries.price,
      functionName: functionNameOf(config, 'price'),
      description: 'POST /v1/price: prices a bet against the cached fixture model',
      memorySizeMiB: config.lambda.memorySizeMiB,
      timeout: Duration.seconds(config.lambda.timeoutSeconds),
      architecture,
      reservedConcurrentExecutions: config.lambda.reservedConcurrency,
      vpc: inVpc,
      logRetention,
      logKey,
      removalPolicy,
      // DAX is loaded on the first DAX read, from its own file beside the bundle; not shipped where there is no DAX.
      ...(props.dax
        ? { lazyModules: HANDLER_PACKAGING.price.lazyModules }
        : { excludedModules: HANDLER_PACKAGING.price.lazyModules }),
      environment: {
        TABLE_NAME: props.table.tableName,
        ...(props.dax ? { DAX_ENDPOINT: props.dax.discoveryEndpoint } : {}),
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
    if (props.dax) {
      price.role.addToPolicy(
        new iam.PolicyStatement({ actions: ['dax:GetItem'], resources: [props.dax.clusterArn] }),
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
    if (props.pipelineAccount) {
      this.priceAlias.addPermission('SmokeTestInvoke', {
        principal: new iam.AccountPrincipal(props.pipelineAccount),
      });
    }
    if (config.warm.mode === 'provisioned') {
      this.priceAlias
        .addAutoScaling({ minCapacity: config.warm.minProvisioned, maxCapacity: config.warm.maxProvisioned })
        .scaleOnUtilization({ utilizationTarget: config.warm.targetUtilization });
    }

    // --- opinion read/write (home region only): DynamoDB only, so it stays out of the VPC (no ENIs, faster cold start) ---
    let opinion: BundledFunction | undefined;
    if (home) {
      opinion = new BundledFunction(this, 'Opinion', {
        entry: entries.opinion,
        functionName: functionNameOf(config, 'opinion'),
        description:
          'PUT/GET /v1/fixtures/{fixtureId}, GET /v1/fixtures: traders write, read and list opinions',
        memorySizeMiB: 512,
        timeout: Duration.seconds(config.lambda.timeoutSeconds),
        architecture,
        logRetention,
        logKey,
        removalPolicy,
        excludedModules: HANDLER_PACKAGING.opinion.excludedModules,
        environment: { TABLE_NAME: props.table.tableName, ...powertools('opinion') },
      });
      this.opinionFunction = opinion.fn;
      if (props.pipelineAccount) {
        opinion.fn.addPermission('SmokeTestInvoke', {
          principal: new iam.AccountPrincipal(props.pipelineAccount),
        });
      }
      // Writes: a conditional PutItem with If-Match, one UpdateItem without (OpinionStore.put).
      grantTableActions(opinion.role, props.table, [
        'dynamodb:GetItem',
        'dynamodb:PutItem',
        'dynamodb:UpdateItem',
      ]);
      // GET /v1/fixtures queries the list index only (ADR 0015).
      opinion.role.addToPrincipalPolicy(
        new iam.PolicyStatement({
          actions: ['dynamodb:Query'],
          resources: [`${props.table.tableArn}/index/${OPINION_TABLE.listIndex.name}`],
        }),
      );
    }

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
      logKey,
      removalPolicy,
      excludedModules: HANDLER_PACKAGING.primer.excludedModules,
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
    // The stream event source (TableV2's grantStreamRead) grants dynamodb:ListStreams on the stream ARN only, but the
    // action has no resource-level permissions, so that grants nothing: Lambda checks it when it creates the mapping.
    primer.role.addToPrincipalPolicy(
      new iam.PolicyStatement({ actions: ['dynamodb:ListStreams'], resources: ['*'] }),
    );
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
        logKey,
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
    const accessLogs = new logs.LogGroup(this, 'ApiAccessLogs', {
      retention: logRetention,
      encryptionKey: logKey,
      removalPolicy,
    });
    this.api = new apigw.RestApi(this, 'PricingApi', {
      description: 'Bet-builder pricing API',
      endpointTypes: [apigw.EndpointType.REGIONAL],
      cloudWatchRole: true,
      cloudWatchRoleRemovalPolicy: RemovalPolicy.RETAIN,
      policy: apiResourcePolicy(config.api.allowedSourceCidrs, this.account, {
        publicHealth: config.api.customDomain !== undefined,
      }),
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
    // API Gateway creates the execution log group on first use, without retention or a key: own it first.
    const executionLogs = new logs.LogGroup(this, 'ApiExecutionLogs', {
      logGroupName: `API-Gateway-Execution-Logs_${this.api.restApiId}/${API_STAGE_NAME}`,
      retention: logRetention,
      encryptionKey: logKey,
      removalPolicy,
    });
    this.api.deploymentStage.node.addDependency(executionLogs);

    for (const e of GATEWAY_ERRORS) {
      this.api.addGatewayResponse(`Gateway${e.type.responseType}`, {
        type: e.type,
        ...(e.status ? { statusCode: e.status } : {}),
        responseHeaders: { 'Content-Type': "'application/json'" },
        templates: { 'application/json': `{"error":{"code":"${e.code}","message":${e.message}}}` },
      });
    }

    const bodyValidator = this.api.addRequestValidator('ValidateBody', {
      validateRequestParameters: true,
      validateRequestBody: true,
    });
    const paramValidator = this.api.addRequestValidator('ValidateParameters', {
      validateRequestParameters: true,
      validateRequestBody: false,
    });
    const models = Object.fromEntries(
      Object.entries(REQUEST_MODEL_SCHEMAS).map(([name, schema]) => [
        name,
        this.api.addModel(`${name}Model`, {
          modelName: name,
          contentType: 'application/json',
          description: `${name} body, generated from the zod schema the handler validates with`,
          schema: toRequestModelSchema(schema),
        }),
      ]),
    ) as Record<keyof typeof REQUEST_MODEL_SCHEMAS, apigw.Model>;

    const v1 = this.api.root.addResource('v1');
    const priceIntegration = new apigw.LambdaIntegration(this.priceAlias);
    const opinionIntegration = opinion ? new apigw.LambdaIntegration(opinion.fn) : undefined;

    /** A route the sportsbook calls: no authoriser on the hot path, the resource policy admits its ranges only. */
    const sportsbookRoute = (
      resource: apigw.IResource,
      verb: string,
      options: { body?: apigw.IModel; pathParameters?: string[] } = {},
    ): apigw.Method => {
      const m = resource.addMethod(
        verb,
        priceIntegration,
        methodOptions(apigw.AuthorizationType.NONE, options),
      );
      const route = `${verb} ${resource.path}`;
      Validations.of(m).acknowledge(
        {
          id: 'AwsSolutions-APIG4',
          reason: `${route} is restricted by the API resource policy to the sportsbook source ranges; no authoriser on the hot path`,
        },
        {
          id: 'AwsSolutions-COG4',
          reason: `${route} is a server-to-server call from the sportsbook: source-ip resource policy, no cognito users`,
        },
      );
      return m;
    };

    /**
     * A route traders call with SigV4 (IAM). Served in the home region, where writes are homed; a replica region
     * answers 421 WRONG_REGION naming the home region (its replica may lag, and conditional writes there would race).
     */
    const traderRoute = (
      resource: apigw.IResource,
      verb: string,
      options: { body?: apigw.IModel; pathParameters?: string[] } = {},
      homeIntegration: apigw.Integration | undefined = opinionIntegration,
      homed: HomedRoutes = 'opinions',
    ): apigw.Method => {
      // Home region iff the opinion function runs here (it runs in the home region only).
      const home = opinionIntegration !== undefined;
      const integration =
        (home ? homeIntegration : undefined) ?? wrongRegionIntegration(homed, props.placement.homeRegion);
      const m = resource.addMethod(verb, integration, {
        ...methodOptions(apigw.AuthorizationType.IAM, options),
        ...(home ? {} : { methodResponses: [{ statusCode: String(WRONG_REGION.status) }] }),
      });
      Validations.of(m).acknowledge({
        id: 'AwsSolutions-COG4',
        reason: `${verb} ${resource.path} uses IAM (SigV4) authorisation for trader tooling, not cognito`,
      });
      return m;
    };

    const methodOptions = (
      authorizationType: apigw.AuthorizationType,
      options: { body?: apigw.IModel; pathParameters?: string[] },
    ): apigw.MethodOptions => ({
      authorizationType,
      requestValidator: options.body ? bodyValidator : paramValidator,
      ...(options.body ? { requestModels: { 'application/json': options.body } } : {}),
      ...(options.pathParameters
        ? {
            requestParameters: Object.fromEntries(
              options.pathParameters.map((p) => [`method.request.path.${p}`, true]),
            ),
          }
        : {}),
    });

    sportsbookRoute(v1.addResource('price'), 'POST', { body: models.PriceRequest });
    const fixtures = v1.addResource('fixtures');
    // GET /v1/fixtures (?status, ?limit, ?cursor: validated by the handler, ADR 0015).
    traderRoute(fixtures, 'GET');
    const fixture = fixtures.addResource('{fixtureId}');
    // The menu is the price function's too (same models, same caches), behind the same source-range policy.
    sportsbookRoute(fixture.addResource('markets'), 'GET', { pathParameters: ['fixtureId'] });
    traderRoute(fixture, 'PUT', { body: models.Opinion, pathParameters: ['fixtureId'] });
    traderRoute(fixture, 'GET', { pathParameters: ['fixtureId'] });

    // One host name for the environment: this region's custom domain, health check and latency record.
    if (config.api.customDomain) {
      const health = this.api.root
        .addResource(HEALTH_RESOURCE)
        .addMethod('GET', healthIntegration(config.region), {
          authorizationType: apigw.AuthorizationType.NONE,
          methodResponses: [{ statusCode: '200' }],
        });
      Validations.of(health).acknowledge(
        {
          id: 'AwsSolutions-APIG4',
          reason: `GET /${HEALTH_RESOURCE} is Route 53's health check: a mock answering 200, no function, no data`,
        },
        {
          id: 'AwsSolutions-COG4',
          reason: `GET /${HEALTH_RESOURCE} is called by Route 53 health checkers, which cannot sign or log in`,
        },
      );
      this.customDomain = new CustomDomain(this, 'CustomDomain', {
        config: config.api.customDomain,
        region: config.region,
        api: this.api,
        healthPath: `/${API_STAGE_NAME}/${HEALTH_RESOURCE}`,
      });
      new CfnOutput(this, 'CustomDomainUrl', { value: `https://${config.api.customDomain.domainName}/` });
    }

    this.waf = new PricingWaf(this, 'Waf', {
      stage: this.api.deploymentStage,
      allowedSourceCidrs: config.api.allowedSourceCidrs,
      ratePer5MinPerIp: config.api.waf.ratePer5MinPerIp,
      logRetentionDays: config.api.waf.logRetentionDays,
      logKey,
      removalPolicy,
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
      placement: props.placement,
      api: this.api,
      v1,
      // Bet placement calls it with SigV4 like a trader route; a replica region answers 421 (its replica may lag the
      // home region's writes, and verification must see the latest opinion, ADR 0018).
      addRoute: (resource, integration) => traderRoute(resource, 'POST', {}, integration, 'quotes'),
      table: props.table,
      entry: entries.verifyQuote,
      architecture,
      vpc: inVpc,
      redisEnvironment: redisEnv,
      cacheAuthSecret: props.cacheAuthSecret,
      powertoolsEnvironment: powertools('quotes'),
      signers: [price],
      logRetention,
      logKey,
      removalPolicy,
    });

    this.apiUrlOutput = new CfnOutput(this, 'ApiUrl', { value: this.api.url });
    this.priceAliasOutput = new CfnOutput(this, 'PriceFunctionAlias', { value: this.priceAlias.functionArn });
    if (opinion) {
      this.opinionFunctionOutput = new CfnOutput(this, 'OpinionFunction', { value: opinion.fn.functionArn });
    }

    this.monitoring = new Monitoring(this, 'Monitoring', {
      config,
      api: this.api,
      priceFunction: price.fn,
      functions: {
        price: price.fn,
        ...(opinion ? { opinion: opinion.fn } : {}),
        primer: primer.fn,
        verifyQuote: this.quotes.verifyFunction,
        ...(this.keepWarmFunction ? { keepWarm: this.keepWarmFunction } : {}),
      },
      primerFunction: primer.fn,
      primerDlq: this.primerDlq,
      table: props.table,
      priceAlias: this.priceAlias,
      cache: props.cacheMonitoring,
      ...(props.dax ? { daxClusterName: props.dax.clusterName } : {}),
    });
    Object.assign(this.monitoring.alarms, this.quotes.addAlarms(this.monitoring.topic));
  }
}

/**
 * A mock integration answering 421 WRONG_REGION (contract error shape, the message of the route's kind and the home
 * region: `wrongRegionBody`, the same body the OpenAPI document shows) without invoking anything.
 */
function wrongRegionIntegration(homed: HomedRoutes, homeRegion: string): apigw.MockIntegration {
  const status = String(WRONG_REGION.status);
  return new apigw.MockIntegration({
    requestTemplates: { 'application/json': `{"statusCode": ${status}}` },
    passthroughBehavior: apigw.PassthroughBehavior.NEVER,
    integrationResponses: [
      {
        statusCode: status,
        responseTemplates: {
          'application/json': JSON.stringify(wrongRegionBody(homed, homeRegion)),
        },
      },
    ],
  });
}

/** `GET /health`: a mock answering 200 with the region, so Route 53 sees this region's API Gateway stage answer. */
function healthIntegration(region: string): apigw.MockIntegration {
  return new apigw.MockIntegration({
    requestTemplates: { 'application/json': '{"statusCode": 200}' },
    passthroughBehavior: apigw.PassthroughBehavior.NEVER,
    integrationResponses: [
      {
        statusCode: '200',
        responseTemplates: { 'application/json': JSON.stringify({ status: 'ok', region }) },
      },
    ],
  });
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
export function apiResourcePolicy(
  allowedCidrs: readonly string[],
  account: string,
  options: { readonly publicHealth?: boolean } = {},
): iam.PolicyDocument {
  const priceRoute = ['execute-api:/*/POST/v1/price', 'execute-api:/*/GET/v1/fixtures/*/markets'];
  // The price routes by source address: allowed from the sportsbook's ranges, denied from anywhere else.
  const priceBySource = (sid: string, effect: iam.Effect, test: 'IpAddress' | 'NotIpAddress') =>
    new iam.PolicyStatement({
      sid,
      effect,
      principals: [new iam.AnyPrincipal()],
      actions: ['execute-api:Invoke'],
      resources: priceRoute,
      conditions: { [test]: { 'aws:SourceIp': [...allowedCidrs] } },
    });
  return new iam.PolicyDocument({
    statements: [
      // Route 53's health checkers call from their own, changing ranges: GET /health (a mock) is open to all.
      ...(options.publicHealth
        ? [
            new iam.PolicyStatement({
              sid: 'AllowHealthChecks',
              effect: iam.Effect.ALLOW,
              principals: [new iam.AnyPrincipal()],
              actions: ['execute-api:Invoke'],
              resources: [`execute-api:/*/GET/${HEALTH_RESOURCE}`],
            }),
          ]
        : []),
      priceBySource('AllowPriceFromSportsbookRanges', iam.Effect.ALLOW, 'IpAddress'),
      priceBySource('DenyPriceFromElsewhere', iam.Effect.DENY, 'NotIpAddress'),
      new iam.PolicyStatement({
        sid: 'AllowSignedOpinionCallsFromThisAccount',
        effect: iam.Effect.ALLOW,
        principals: [new iam.AccountPrincipal(account)],
        actions: ['execute-api:Invoke'],
        resources: [
          'execute-api:/*/PUT/v1/fixtures/*',
          'execute-api:/*/GET/v1/fixtures/*',
          'execute-api:/*/GET/v1/fixtures',
        ],
      }),
    ],
  });
}
