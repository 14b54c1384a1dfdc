import { Duration } from 'aws-cdk-lib';
import type * as apigw from 'aws-cdk-lib/aws-apigateway';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import type { EnvironmentConfig } from '../config/types';

/** What to watch on the cache, whichever kind the environment runs. */
export type CacheMonitoringTarget =
  | { readonly kind: 'replication-group'; readonly replicationGroupId: string; readonly nodeCount: number }
  | {
      readonly kind: 'serverless';
      readonly cacheName: string;
      readonly maxEcpuPerSecond: number;
      readonly maxDataStorageGb: number;
    };

export interface MonitoringProps {
  readonly config: EnvironmentConfig;
  readonly api: apigw.RestApi;
  readonly priceFunction: lambda.IFunction;
  /** Every function whose errors and throttles raise an alarm, by short name. */
  readonly functions: Record<string, lambda.IFunction>;
  readonly primerDlq: sqs.IQueue;
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
 * Alarms (p95 latency of POST /v1/price above target, 5xx rate, Lambda errors and throttles, cache CPU
 * and memory, DAX errors, primer DLQ) to an encrypted SNS topic, and one dashboard: latency percentiles,
 * model cache sources from the EMF metrics, cold starts and keep-warm results.
 */
export class Monitoring extends Construct {
  readonly topic: sns.Topic;
  readonly alarms: Record<string, cloudwatch.Alarm> = {};
  readonly dashboard: cloudwatch.Dashboard;

  constructor(scope: Construct, id: string, props: MonitoringProps) {
    super(scope, id);
    const { config, api } = props;

    // CloudWatch can only publish to an encrypted topic whose key lets it: the AWS-managed SNS key does not.
    const key = new kms.Key(this, 'AlarmTopicKey', {
      enableKeyRotation: true,
      description: 'Alarm topic encryption',
    });
    key.addToResourcePolicy(
      new iam.PolicyStatement({
        principals: [new iam.ServicePrincipal('cloudwatch.amazonaws.com')],
        actions: ['kms:Decrypt', 'kms:GenerateDataKey*'],
        resources: ['*'],
      }),
    );
    this.topic = new sns.Topic(this, 'AlarmTopic', { masterKey: key, enforceSSL: true });
    if (config.alarms.email)
      this.topic.addSubscription(new subscriptions.EmailSubscription(config.alarms.email));
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
      new cloudwatch.GraphWidget({ title: 'Cache CPU / memory', width: 8, left: cacheWidgets }),
      new cloudwatch.AlarmStatusWidget({ title: 'Alarms', width: 8, alarms: Object.values(this.alarms) }),
    );
  }
}
