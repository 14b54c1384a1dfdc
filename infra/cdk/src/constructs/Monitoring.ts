import { Duration, Stack } from 'aws-cdk-lib';
import type * as apigw from 'aws-cdk-lib/aws-apigateway';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import type { EnvironmentConfig } from '../config/types';
import type { CacheMonitoringTarget } from '../stacks/CacheStack';

export interface MonitoringProps {
  readonly config: EnvironmentConfig;
  readonly api: apigw.RestApi;
  readonly priceFunction: lambda.IFunction;
  /** `pricing:live`, where provisioned concurrency lives (its spill-over is alarmed). */
  readonly priceAlias: lambda.IAlias;
  /** Every function whose errors and throttles raise an alarm, by short name. */
  readonly functions: Record<string, lambda.IFunction>;
  /** The stream consumer: its IteratorAge is how far the caches lag the table. */
  readonly primerFunction: lambda.IFunction;
  readonly primerDlq: sqs.IQueue;
  /** This region's replica of the opinions table (throttles). */
  readonly table: dynamodb.ITable;
  readonly cache: CacheMonitoringTarget;
  /** @default - no DAX alarms */
  readonly daxClusterName?: string;
}

/** EMF metrics the pricing Lambda emits (namespace BetBuilder, dimension `service`). */
export const CACHE_SOURCE_METRICS = [
  'CacheSourceL1',
  'CacheSourceL2',
  'CacheSourceCOMPUTED',
  'CacheSourceSTALE',
] as const;
export const METRICS_NAMESPACE = 'BetBuilder';
/** Alarm thresholds that are not per-environment. */
export const CACHE_CPU_PERCENT = 80;
export const CACHE_MEMORY_PERCENT = 80;
export const SERVERLESS_USAGE_FRACTION = 0.8;

const ONE_MINUTE = Duration.minutes(1);

/**
 * Alarms to someone (an e-mail subscription on an encrypted topic, or an existing topic such as the pager's): p95
 * latency of POST /v1/price above target, API 5xx rate, price-route 4xx rate and low traffic, Lambda errors and
 * throttles, primer stream lag (IteratorAge) and DLQ, DynamoDB throttles, provisioned-concurrency spill-over, cache
 * CPU and memory, DAX errors; a composite SLO alarm (latency or 5xx). One dashboard shows every alarmed metric.
 */
export class Monitoring extends Construct {
  /** Where every alarm publishes. */
  readonly topic: sns.ITopic;
  readonly alarms: Record<string, cloudwatch.Alarm> = {};
  /** p95 latency or 5xx rate: the price route misses its objective. */
  readonly sloAlarm: cloudwatch.CompositeAlarm;
  readonly dashboard: cloudwatch.Dashboard;

  constructor(scope: Construct, id: string, props: MonitoringProps) {
    super(scope, id);
    const { config, api } = props;
    const stack = Stack.of(this);

    const destination = config.alarms.destination;
    if (destination.kind === 'topic') {
      this.topic = sns.Topic.fromTopicArn(this, 'AlarmTopic', destination.topicArn);
    } else {
      // CloudWatch can only publish to an encrypted topic whose key lets it: the AWS-managed SNS key does not.
      // Only this account's alarms may use it (confused-deputy guard).
      const key = new kms.Key(this, 'AlarmTopicKey', {
        enableKeyRotation: true,
        description: 'Alarm topic encryption',
      });
      const ofThisAccountsAlarms = {
        StringEquals: { 'aws:SourceAccount': stack.account },
        ArnLike: {
          'aws:SourceArn': `arn:${stack.partition}:cloudwatch:${stack.region}:${stack.account}:alarm:*`,
        },
      };
      key.addToResourcePolicy(
        new iam.PolicyStatement({
          principals: [new iam.ServicePrincipal('cloudwatch.amazonaws.com')],
          actions: ['kms:Decrypt', 'kms:GenerateDataKey*'],
          resources: ['*'],
          conditions: ofThisAccountsAlarms,
        }),
      );
      const topic = new sns.Topic(this, 'AlarmTopic', { masterKey: key, enforceSSL: true });
      // enforceSSL writes a topic policy (the deny of plain-HTTP publishes), which replaces SNS's default policy, so
      // nothing allows CloudWatch to publish any more: allow it, for this account's alarms only.
      topic.addToResourcePolicy(
        new iam.PolicyStatement({
          sid: 'AllowAlarmsOfThisAccount',
          principals: [new iam.ServicePrincipal('cloudwatch.amazonaws.com')],
          actions: ['sns:Publish'],
          resources: [topic.topicArn],
          conditions: ofThisAccountsAlarms,
        }),
      );
      topic.addSubscription(new subscriptions.EmailSubscription(destination.address));
      this.topic = topic;
    }
    const notify = new actions.SnsAction(this.topic);
    const add = (name: string, alarm: cloudwatch.Alarm): void => {
      alarm.addAlarmAction(notify);
      alarm.addOkAction(notify);
      this.alarms[name] = alarm;
    };

    // API: p95 of the hot route (per-method metrics: the stage has metricsEnabled).
    const stage = api.deploymentStage.stageName;
    const routeMetric = (metricName: string, statistic: string): cloudwatch.Metric =>
      new cloudwatch.Metric({
        namespace: 'AWS/ApiGateway',
        metricName,
        dimensionsMap: { ApiName: api.restApiName, Stage: stage, Method: 'POST', Resource: '/v1/price' },
        statistic,
        period: ONE_MINUTE,
      });
    add(
      'PriceP95Latency',
      routeMetric('Latency', 'p95').createAlarm(this, 'PriceP95Latency', {
        alarmDescription: `POST /v1/price p95 latency above ${config.alarms.p95LatencyTargetMs} ms in 3 of 5 minutes`,
        threshold: config.alarms.p95LatencyTargetMs,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
        evaluationPeriods: 5,
        datapointsToAlarm: 3,
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      }),
    );
    const fiveXxRate = new cloudwatch.MathExpression({
      expression: 'IF(requests > 0, 100 * errors / requests, 0)',
      usingMetrics: {
        errors: api.metricServerError({ period: ONE_MINUTE, statistic: 'Sum' }),
        requests: api.metricCount({ period: ONE_MINUTE, statistic: 'Sum' }),
      },
      period: ONE_MINUTE,
      label: '5xx rate (%)',
    });
    add(
      'Api5xxRate',
      fiveXxRate.createAlarm(this, 'Api5xxRate', {
        alarmDescription: `API 5xx responses above ${config.alarms.fiveXxRatePercent}% of requests in 3 of 5 minutes`,
        threshold: config.alarms.fiveXxRatePercent,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
        evaluationPeriods: 5,
        datapointsToAlarm: 3,
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      }),
    );

    // Price route 4xx rate: a broken allow-list or a client sending bad bodies answers 4xx to (nearly) everything.
    const fourXxRate = new cloudwatch.MathExpression({
      expression: 'IF(requests > 0, 100 * clientErrors / requests, 0)',
      usingMetrics: {
        clientErrors: routeMetric('4XXError', 'Sum'),
        requests: routeMetric('Count', 'Sum'),
      },
      period: ONE_MINUTE,
      label: 'POST /v1/price 4xx rate (%)',
    });
    add(
      'Price4xxRate',
      fourXxRate.createAlarm(this, 'Price4xxRate', {
        alarmDescription: `POST /v1/price 4xx responses above ${config.alarms.fourXxRatePercent}% of requests in 5 of 5 minutes (a broken allow-list answers 100% 403)`,
        threshold: config.alarms.fourXxRatePercent,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
        evaluationPeriods: 5,
        datapointsToAlarm: 5,
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      }),
    );
    const priceRequests5Min = routeMetric('Count', 'Sum').with({ period: Duration.minutes(5) });
    if (config.alarms.minRequestsPer5Min > 0) {
      add(
        'PriceLowTraffic',
        priceRequests5Min.createAlarm(this, 'PriceLowTraffic', {
          alarmDescription: `Fewer than ${config.alarms.minRequestsPer5Min} POST /v1/price requests in 5 minutes, 3 times running: the sportsbook cannot reach us`,
          threshold: config.alarms.minRequestsPer5Min,
          comparisonOperator: cloudwatch.ComparisonOperator.LESS_THAN_THRESHOLD,
          evaluationPeriods: 3,
          // No data at all is the strongest signal of no traffic.
          treatMissingData: cloudwatch.TreatMissingData.BREACHING,
        }),
      );
    }

    // Lambdas: any error or throttle in 3 of 5 minutes.
    for (const [name, fn] of Object.entries(props.functions)) {
      const cap = name[0]?.toUpperCase() + name.slice(1);
      for (const [kind, metric] of [
        ['Errors', fn.metricErrors({ period: ONE_MINUTE, statistic: 'Sum' })],
        ['Throttles', fn.metricThrottles({ period: ONE_MINUTE, statistic: 'Sum' })],
      ] as const) {
        add(
          `${cap}${kind}`,
          metric.createAlarm(this, `${cap}${kind}`, {
            alarmDescription: `${name} Lambda ${kind.toLowerCase()} in 3 of 5 minutes`,
            threshold: 0,
            comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
            evaluationPeriods: 5,
            datapointsToAlarm: 3,
            treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
          }),
        );
      }
    }
    add(
      'PrimerDlqNotEmpty',
      props.primerDlq
        .metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(5), statistic: 'Maximum' })
        .createAlarm(this, 'PrimerDlqNotEmpty', {
          alarmDescription:
            'Stream records the cache primer gave up on (their fixtures will be computed on first price request)',
          threshold: 0,
          comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
          evaluationPeriods: 1,
          treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
        }),
    );

    // Stream lag: how far behind the table this region's caches (and current-version pointers) are.
    const iteratorAge = props.primerFunction.metric('IteratorAge', {
      statistic: 'Maximum',
      period: ONE_MINUTE,
    });
    add(
      'PrimerIteratorAge',
      iteratorAge.createAlarm(this, 'PrimerIteratorAge', {
        alarmDescription: `Primer stream lag (IteratorAge max) above ${config.alarms.maxIteratorAgeMs} ms in 3 of 5 minutes: prices lag trader writes`,
        threshold: config.alarms.maxIteratorAgeMs,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
        evaluationPeriods: 5,
        datapointsToAlarm: 3,
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      }),
    );

    // DynamoDB throttles on this region's replica (reads from prices, writes from traders or replication).
    const tableMetric = (metricName: string): cloudwatch.Metric =>
      new cloudwatch.Metric({
        namespace: 'AWS/DynamoDB',
        metricName,
        dimensionsMap: { TableName: props.table.tableName },
        statistic: 'Sum',
        period: ONE_MINUTE,
      });
    const tableThrottles = new cloudwatch.MathExpression({
      expression: 'FILL(readThrottles, 0) + FILL(writeThrottles, 0)',
      usingMetrics: {
        readThrottles: tableMetric('ReadThrottleEvents'),
        writeThrottles: tableMetric('WriteThrottleEvents'),
      },
      period: ONE_MINUTE,
      label: 'DynamoDB throttle events',
    });
    add(
      'TableThrottles',
      tableThrottles.createAlarm(this, 'TableThrottles', {
        alarmDescription: 'Opinions table read or write throttle events in 3 of 5 minutes',
        threshold: 0,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
        evaluationPeriods: 5,
        datapointsToAlarm: 3,
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      }),
    );

    // Provisioned concurrency spill-over: invocations that found no provisioned environment and cold-started.
    const spillover = new cloudwatch.Metric({
      namespace: 'AWS/Lambda',
      metricName: 'ProvisionedConcurrencySpilloverInvocations',
      dimensionsMap: {
        FunctionName: props.priceFunction.functionName,
        Resource: `${props.priceFunction.functionName}:${props.priceAlias.aliasName}`,
      },
      statistic: 'Sum',
      period: ONE_MINUTE,
    });
    if (config.warm.mode === 'provisioned') {
      add(
        'PriceSpillover',
        spillover.createAlarm(this, 'PriceSpillover', {
          alarmDescription:
            'POST /v1/price invocations beyond provisioned concurrency (cold starts) in 3 of 5 minutes: scaling lags demand',
          threshold: 0,
          comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
          evaluationPeriods: 5,
          datapointsToAlarm: 3,
          treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
        }),
      );
    }

    // Cache CPU and memory.
    const cacheWidgets: cloudwatch.IMetric[] = [];
    if (props.cache.kind === 'replication-group') {
      for (let i = 1; i <= props.cache.nodeCount; i++) {
        const nodeId = `${props.cache.replicationGroupId}-${String(i).padStart(3, '0')}`;
        const cacheMetric = (metricName: string): cloudwatch.Metric =>
          new cloudwatch.Metric({
            namespace: 'AWS/ElastiCache',
            metricName,
            dimensionsMap: { CacheClusterId: nodeId },
            statistic: 'Average',
            period: Duration.minutes(5),
          });
        const cpu = cacheMetric('EngineCPUUtilization');
        const memory = cacheMetric('DatabaseMemoryUsagePercentage');
        cacheWidgets.push(cpu, memory);
        add(
          `CacheNode${i}Cpu`,
          cpu.createAlarm(this, `CacheNode${i}Cpu`, {
            alarmDescription: `Valkey node ${i} engine CPU above ${CACHE_CPU_PERCENT}%`,
            threshold: CACHE_CPU_PERCENT,
            comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
            evaluationPeriods: 3,
          }),
        );
        add(
          `CacheNode${i}Memory`,
          memory.createAlarm(this, `CacheNode${i}Memory`, {
            alarmDescription: `Valkey node ${i} memory above ${CACHE_MEMORY_PERCENT}% (evictions next)`,
            threshold: CACHE_MEMORY_PERCENT,
            comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
            evaluationPeriods: 3,
          }),
        );
      }
    } else {
      const dims = { clusterId: props.cache.cacheName };
      const ecpu = new cloudwatch.Metric({
        namespace: 'AWS/ElastiCache',
        metricName: 'ElastiCacheProcessingUnits',
        dimensionsMap: dims,
        statistic: 'Sum',
        period: ONE_MINUTE,
      });
      const bytes = new cloudwatch.Metric({
        namespace: 'AWS/ElastiCache',
        metricName: 'BytesUsedForCache',
        dimensionsMap: dims,
        statistic: 'Maximum',
        period: Duration.minutes(5),
      });
      cacheWidgets.push(ecpu, bytes);
      add(
        'CacheEcpu',
        ecpu.createAlarm(this, 'CacheEcpu', {
          alarmDescription: `Serverless cache ECPU above ${SERVERLESS_USAGE_FRACTION * 100}% of its limit (the CPU of a serverless cache)`,
          threshold: Math.round(props.cache.maxEcpuPerSecond * 60 * SERVERLESS_USAGE_FRACTION),
          comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
          evaluationPeriods: 5,
          datapointsToAlarm: 3,
        }),
      );
      add(
        'CacheMemory',
        bytes.createAlarm(this, 'CacheMemory', {
          alarmDescription: `Serverless cache data above ${SERVERLESS_USAGE_FRACTION * 100}% of its storage limit`,
          threshold: Math.round(props.cache.maxDataStorageGb * 1e9 * SERVERLESS_USAGE_FRACTION),
          comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
          evaluationPeriods: 3,
        }),
      );
    }

    // DAX errors (4xx-style request errors and 5xx-style faults).
    if (props.daxClusterName) {
      for (const metricName of ['ErrorRequestCount', 'FaultRequestCount']) {
        const m = new cloudwatch.Metric({
          namespace: 'AWS/DAX',
          metricName,
          dimensionsMap: { ClusterId: props.daxClusterName },
          statistic: 'Sum',
          period: ONE_MINUTE,
        });
        add(
          `Dax${metricName}`,
          m.createAlarm(this, `Dax${metricName}`, {
            alarmDescription: `DAX ${metricName} above 0 in 3 of 5 minutes`,
            threshold: 0,
            comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
            evaluationPeriods: 5,
            datapointsToAlarm: 3,
            treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
          }),
        );
      }
    }

    // The price route's objective: fast and correct. Either alarm in ALARM is a miss.
    const slo = [this.alarms['PriceP95Latency'], this.alarms['Api5xxRate']].filter(
      (a): a is cloudwatch.Alarm => a !== undefined,
    );
    this.sloAlarm = new cloudwatch.CompositeAlarm(this, 'PriceSlo', {
      alarmDescription: `POST /v1/price misses its objective: p95 above ${config.alarms.p95LatencyTargetMs} ms or 5xx above ${config.alarms.fiveXxRatePercent}%`,
      alarmRule: cloudwatch.AlarmRule.anyOf(
        ...slo.map((a) => cloudwatch.AlarmRule.fromAlarm(a, cloudwatch.AlarmState.ALARM)),
      ),
    });
    this.sloAlarm.addAlarmAction(notify);
    this.sloAlarm.addOkAction(notify);

    // Dashboard.
    this.dashboard = new cloudwatch.Dashboard(this, 'Dashboard', { defaultInterval: Duration.hours(3) });
    const target: cloudwatch.HorizontalAnnotation = {
      value: config.alarms.p95LatencyTargetMs,
      label: `p95 target ${config.alarms.p95LatencyTargetMs} ms`,
    };
    const emf = (metricName: string, service: string, statistic = 'Sum'): cloudwatch.Metric =>
      new cloudwatch.Metric({
        namespace: METRICS_NAMESPACE,
        metricName,
        dimensionsMap: { service },
        statistic,
        period: ONE_MINUTE,
      });
    this.dashboard.addWidgets(
      new cloudwatch.GraphWidget({
        title: 'POST /v1/price latency (API Gateway, ms)',
        width: 12,
        left: ['p50', 'p95', 'p99'].map((s) => routeMetric('Latency', s).with({ label: s })),
        leftAnnotations: [target],
      }),
      new cloudwatch.GraphWidget({
        title: 'Pricing Lambda duration (ms)',
        width: 12,
        left: ['p50', 'p95', 'p99'].map((s) =>
          props.priceFunction.metricDuration({ statistic: s, period: ONE_MINUTE, label: s }),
        ),
        leftAnnotations: [target],
      }),
    );
    this.dashboard.addWidgets(
      new cloudwatch.GraphWidget({
        title: 'Fixture-model cache sources (EMF, per minute)',
        width: 12,
        stacked: true,
        left: CACHE_SOURCE_METRICS.map((m) =>
          emf(m, 'pricing').with({ label: m.replace('CacheSource', '') }),
        ),
      }),
      new cloudwatch.GraphWidget({
        title: 'Cold starts and keep-warm',
        width: 12,
        left: [
          // Powertools adds a function_name dimension to ColdStart: search rather than guess it.
          new cloudwatch.MathExpression({
            expression: `SEARCH('{${METRICS_NAMESPACE},function_name,service} MetricName="ColdStart" service="pricing"', 'Sum', 60)`,
            label: 'pricing cold starts',
            period: ONE_MINUTE,
          }),
          emf('WarmContainers', 'keep-warm', 'Maximum').with({ label: 'containers kept warm' }),
          emf('WarmupColdStarts', 'keep-warm').with({ label: 'cold starts paid by keep-warm' }),
          emf('WarmupFailures', 'keep-warm').with({ label: 'warm-up failures' }),
        ],
        right: [props.priceFunction.metricInvocations({ period: ONE_MINUTE, label: 'invocations' })],
      }),
    );
    this.dashboard.addWidgets(
      new cloudwatch.GraphWidget({ title: 'API 5xx rate (%)', width: 8, left: [fiveXxRate] }),
      new cloudwatch.GraphWidget({ title: 'POST /v1/price 4xx rate (%)', width: 8, left: [fourXxRate] }),
      new cloudwatch.GraphWidget({
        title: 'POST /v1/price requests per 5 min',
        width: 8,
        left: [priceRequests5Min],
        ...(config.alarms.minRequestsPer5Min > 0
          ? { leftAnnotations: [{ value: config.alarms.minRequestsPer5Min, label: 'low-traffic threshold' }] }
          : {}),
      }),
    );
    this.dashboard.addWidgets(
      new cloudwatch.GraphWidget({
        title: 'Primer stream lag (IteratorAge max, ms)',
        width: 8,
        left: [iteratorAge],
        leftAnnotations: [{ value: config.alarms.maxIteratorAgeMs, label: 'alarm' }],
      }),
      new cloudwatch.GraphWidget({ title: 'DynamoDB throttle events', width: 8, left: [tableThrottles] }),
      new cloudwatch.GraphWidget({
        title: 'Provisioned concurrency spill-over',
        width: 8,
        left: [spillover],
      }),
    );
    this.dashboard.addWidgets(
      new cloudwatch.GraphWidget({ title: 'Cache CPU / memory', width: 12, left: cacheWidgets }),
      new cloudwatch.AlarmStatusWidget({
        title: 'Alarms',
        width: 12,
        alarms: [this.sloAlarm, ...Object.values(this.alarms)],
      }),
    );
  }
}
