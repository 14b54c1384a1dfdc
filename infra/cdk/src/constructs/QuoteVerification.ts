import { Duration, Validations, type RemovalPolicy } from 'aws-cdk-lib';
import * as apigw from 'aws-cdk-lib/aws-apigateway';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import type * as logs from 'aws-cdk-lib/aws-logs';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import type * as sns from 'aws-cdk-lib/aws-sns';
import { HANDLER_PACKAGING, type DeployedEnvironment } from '@betbuilder/pricing-lambda';
import { Construct } from 'constructs';
import { verifyReservationOf, type DataPlacement, type EnvironmentConfig } from '../config/types';
import { BundledFunction, type BundledFunctionProps } from './BundledFunction';

/** API Gateway resource path of the verify route (also its per-method metric dimension). */
export const VERIFY_ROUTE = '/v1/quotes/verify';
/** Key id of the generated key (a rotation writes the next one, see ADR 0017). */
export const INITIAL_QUOTE_KEY_ID = 'k1';

/** Name of the environment's quote-key secret: the same in every region (the home region's secret and its replicas). */
export function quoteKeySecretName(environmentName: string): string {
  return `betbuilder/${environmentName}/quote-keys`;
}

export interface QuoteVerificationProps {
  readonly config: EnvironmentConfig;
  /**
   * Where the environment's regions are: the home region owns the key secret and replicates it to every other region,
   * so a quote signed anywhere verifies in the home region (the only region that verifies, ADR 0018).
   */
  readonly placement: DataPlacement;
  readonly api: apigw.RestApi;
  /** The API's `/v1` resource; the route is `POST /v1/quotes/verify`. */
  readonly v1: apigw.IResource;
  /** Adds `POST` on the verify resource with IAM (SigV4) authorisation, integrated with the given integration. */
  readonly addRoute: (resource: apigw.IResource, integration: apigw.Integration) => apigw.Method;
  readonly table: dynamodb.ITable;
  readonly entry: string;
  readonly architecture: lambda.Architecture;
  /** The verify function re-prices through the shared model cache, so it runs where Redis is. */
  readonly vpc: NonNullable<BundledFunctionProps['vpc']>;
  /** Redis connection variables (host, port, TLS, AUTH secret) of the price function. */
  readonly redisEnvironment: Readonly<Record<string, string>>;
  readonly cacheAuthSecret: secretsmanager.ISecret;
  readonly powertoolsEnvironment: Readonly<Record<string, string>>;
  /** Functions that sign quotes (the price function): granted the secret and given its ARN. */
  readonly signers: readonly { readonly fn: lambda.Function; readonly role: iam.IRole }[];
  readonly logRetention: logs.RetentionDays;
  /** Key of the stack's log groups (the verify function's log group is encrypted with it). */
  readonly logKey: kms.IKey;
  readonly removalPolicy: RemovalPolicy;
  /**
   * Reserved concurrency of the verify function: bets are a fraction of prices, and a reservation keeps a burst of
   * verifications from taking the pricing function's pool (and bounds its share of the VPC's IPs).
   * @default - a quarter of the pricing function's reservation (at least 5); unreserved when pricing is
   */
  readonly reservedConcurrentExecutions?: number;
  /** Pre-match quote lifetime. @default 30000 */
  readonly quoteTtlMs?: number;
  /** In-play quote lifetime. @default 10000 */
  readonly quoteInPlayTtlMs?: number;
}

/**
 * Signed quotes: the quote-key secret (generated in the home region and replicated to every other region of the
 * environment, so one key signs and verifies everywhere; `{"kid": "k1", "key": "<64 characters>"}`, rotated to
 * `{"current": …, "previous": …}` in the home region), read access and `QUOTE_KEY_SECRET_ARN` for every signer, the verify Lambda
 * (strongly consistent `GetItem` only, no DAX) behind `POST /v1/quotes/verify` (added by the stack's `addRoute`: IAM
 * (SigV4) auth, 421 in a replica region), and a 5xx alarm
 * on that route ({@link QuoteVerification.addAlarms}).
 */
export class QuoteVerification extends Construct {
  /** The environment's key secret: created in the home region, its replica (looked up by name) elsewhere. */
  readonly secret: secretsmanager.ISecret;
  readonly verifyFunction: lambda.Function;
  readonly method: apigw.Method;
  private readonly props: QuoteVerificationProps;

  constructor(scope: Construct, id: string, props: QuoteVerificationProps) {
    super(scope, id);
    this.props = props;
    const home = props.placement.homeRegion === props.config.region;
    const secretName = quoteKeySecretName(props.config.name);
    const replicaRegions = props.placement.regions.filter((region) => region !== props.config.region);
    if (home) {
      const secret = new secretsmanager.Secret(this, 'KeySecret', {
        // A fixed name where there are replicas: Secrets Manager gives a replica the primary's name, so each replica
        // region finds it by name. A single-region environment keeps a generated name, so a torn-down dev stack can be
        // deployed again at once (a deleted secret's name stays taken for its recovery window).
        ...(replicaRegions.length > 0 ? { secretName } : {}),
        description:
          'Quote signing keys (HMAC-SHA256): {"kid","key"} as generated; {"current":{"kid","key"},"previous":{"kid","key"}} after a rotation',
        generateSecretString: {
          // GenerateSecretString can only fill a top-level field: the service reads this shape as a current key only.
          secretStringTemplate: JSON.stringify({ kid: INITIAL_QUOTE_KEY_ID }),
          generateStringKey: 'key',
          passwordLength: 64,
          excludePunctuation: true,
        },
        // One key for every region: a quote priced in a replica region is verified in the home region.
        replicaRegions: replicaRegions.map((region) => ({ region })),
        removalPolicy: props.removalPolicy,
      });
      Validations.of(secret).acknowledge({
        id: 'AwsSolutions-SMG4',
        reason:
          'Quote keys rotate by writing {"current": new, "previous": old}; the service accepts both key ids (ADR 0017), so no rotation Lambda',
      });
      this.secret = secret;
    } else {
      // The home region's replica in this region (the home region's stacks deploy first, pipeline wave order).
      this.secret = secretsmanager.Secret.fromSecretNameV2(this, 'KeySecret', secretName);
    }

    const quoteEnv = {
      // The full ARN in the home region; the name in a replica region (its ARN's random suffix is the primary's).
      QUOTE_KEY_SECRET_ARN: home ? this.secret.secretArn : secretName,
      QUOTE_TTL_MS: String(props.quoteTtlMs ?? 30_000),
      QUOTE_IN_PLAY_TTL_MS: String(props.quoteInPlayTtlMs ?? 10_000),
    } satisfies DeployedEnvironment;
    for (const signer of props.signers) {
      this.secret.grantRead(signer.role);
      for (const [k, v] of Object.entries(quoteEnv)) signer.fn.addEnvironment(k, v);
    }

    const environment = {
      TABLE_NAME: props.table.tableName,
      ...props.redisEnvironment,
      // Verification never reads the fixture through a cache or a pointer (ADR 0018).
      OPINION_CACHE_TTL_MS: '0',
      CURRENT_VERSION_TTL_MS: '0',
      DEPENDENCY_TIMEOUT_MS: '800',
      ...quoteEnv,
      ...props.powertoolsEnvironment,
    } satisfies DeployedEnvironment;
    const reserved =
      props.reservedConcurrentExecutions ?? verifyReservationOf(props.config.lambda.reservedConcurrency);
    const verify = new BundledFunction(this, 'VerifyQuote', {
      entry: props.entry,
      description: 'POST /v1/quotes/verify: checks a quote against the fixture read strongly consistently',
      memorySizeMiB: props.config.lambda.memorySizeMiB,
      timeout: Duration.seconds(props.config.lambda.timeoutSeconds),
      architecture: props.architecture,
      ...(reserved !== undefined ? { reservedConcurrentExecutions: reserved } : {}),
      vpc: props.vpc,
      logRetention: props.logRetention,
      logKey: props.logKey,
      removalPolicy: props.removalPolicy,
      excludedModules: HANDLER_PACKAGING.verifyQuote.excludedModules,
      environment,
    });
    this.verifyFunction = verify.fn;
    // GetItem on the table only: no DAX (eventually consistent), no writes.
    verify.role.addToPrincipalPolicy(
      new iam.PolicyStatement({ actions: ['dynamodb:GetItem'], resources: [props.table.tableArn] }),
    );
    this.secret.grantRead(verify.role);
    props.cacheAuthSecret.grantRead(verify.role);

    this.method = props.addRoute(
      props.v1.addResource('quotes').addResource('verify'),
      new apigw.LambdaIntegration(verify.fn),
    );
    props.api.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'AllowSignedQuoteVerificationFromThisAccount',
        effect: iam.Effect.ALLOW,
        principals: [new iam.AccountPrincipal(props.api.env.account)],
        actions: ['execute-api:Invoke'],
        resources: [`execute-api:/*/POST${VERIFY_ROUTE}`],
      }),
    );
  }

  /**
   * The route's 5xx alarm (5xx responses above the environment's 5xx-rate threshold of the route's requests, in 3 of
   * 5 minutes: bet placement cannot accept bets meanwhile), notifying `topic`.
   */
  addAlarms(topic: sns.ITopic): Record<string, cloudwatch.Alarm> {
    const { api, config } = this.props;
    const routeMetric = (metricName: string): cloudwatch.Metric =>
      new cloudwatch.Metric({
        namespace: 'AWS/ApiGateway',
        metricName,
        dimensionsMap: {
          ApiName: api.restApiName,
          Stage: api.deploymentStage.stageName,
          Method: 'POST',
          Resource: VERIFY_ROUTE,
        },
        statistic: 'Sum',
        period: Duration.minutes(1),
      });
    const rate = new cloudwatch.MathExpression({
      expression: 'IF(requests > 0, 100 * errors / requests, 0)',
      usingMetrics: { errors: routeMetric('5XXError'), requests: routeMetric('Count') },
      period: Duration.minutes(1),
      label: 'POST /v1/quotes/verify 5xx rate (%)',
    });
    const alarm = rate.createAlarm(this, 'Verify5xxRate', {
      alarmDescription: `POST ${VERIFY_ROUTE} 5xx responses above ${config.alarms.fiveXxRatePercent}% of its requests in 3 of 5 minutes (bets cannot be accepted)`,
      threshold: config.alarms.fiveXxRatePercent,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
      evaluationPeriods: 5,
      datapointsToAlarm: 3,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
    const notify = new actions.SnsAction(topic);
    alarm.addAlarmAction(notify);
    alarm.addOkAction(notify);
    return { QuoteVerify5xxRate: alarm };
  }
}
