import { ArnFormat, RemovalPolicy, Stack } from 'aws-cdk-lib';
import type * as apigw from 'aws-cdk-lib/aws-apigateway';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as wafv2 from 'aws-cdk-lib/aws-wafv2';
import { Construct } from 'constructs';

export interface PricingWafProps {
  readonly stage: apigw.Stage;
  /** The sportsbook's egress ranges: exempt from the per-IP rate rule (API Gateway throttling covers them). */
  readonly allowedSourceCidrs: readonly string[];
  readonly ratePer5MinPerIp: number;
  readonly logRetentionDays: number;
  readonly logKey: kms.IKey;
  readonly removalPolicy: RemovalPolicy;
}

/** AWS managed rule groups the WebACL runs, in priority order (each counts toward the ACL's 1,500 WCU budget). */
export const MANAGED_RULE_GROUPS = [
  'AWSManagedRulesAmazonIpReputationList',
  'AWSManagedRulesCommonRuleSet',
  'AWSManagedRulesKnownBadInputsRuleSet',
] as const;

/**
 * Rules of the managed groups that only count, with why. `SizeRestrictions_BODY` blocks bodies over 8 KB, but the
 * contract accepts bodies up to MAX_BODY_BYTES (16 KiB) and answers larger ones itself with 413 PAYLOAD_TOO_LARGE: a
 * 9-16 KiB opinion or bet would otherwise be refused with 403 by the web ACL.
 */
export const COUNTED_MANAGED_RULES: Partial<Record<(typeof MANAGED_RULE_GROUPS)[number], readonly string[]>> =
  {
    AWSManagedRulesCommonRuleSet: ['SizeRestrictions_BODY'],
  };

/** WAF only delivers logs to CloudWatch log groups whose name starts with this. */
export const WAF_LOG_GROUP_PREFIX = 'aws-waf-logs-';

/**
 * A regional WebACL on the REST API stage: AWS managed IP-reputation, common and known-bad-inputs rules, and a
 * rate-based rule per source IP for everyone outside the sportsbook's ranges (traders and scanners; the sportsbook
 * itself is paced by stage throttling). Every request is sampled and logged to an encrypted `aws-waf-logs-` group.
 */
export class PricingWaf extends Construct {
  readonly webAcl: wafv2.CfnWebACL;
  readonly logGroup: logs.LogGroup;

  constructor(scope: Construct, id: string, props: PricingWafProps) {
    super(scope, id);
    const visibility = (metricName: string): wafv2.CfnWebACL.VisibilityConfigProperty => ({
      cloudWatchMetricsEnabled: true,
      sampledRequestsEnabled: true,
      metricName,
    });

    const sportsbook = new wafv2.CfnIPSet(this, 'SportsbookRanges', {
      scope: 'REGIONAL',
      ipAddressVersion: 'IPV4',
      addresses: [...props.allowedSourceCidrs],
      description: 'Sportsbook egress ranges, exempt from the per-IP rate rule',
    });

    const managed: wafv2.CfnWebACL.RuleProperty[] = MANAGED_RULE_GROUPS.map((name, i) => {
      const counted = COUNTED_MANAGED_RULES[name] ?? [];
      return {
        name,
        priority: 10 + i,
        overrideAction: { none: {} },
        statement: {
          managedRuleGroupStatement: {
            vendorName: 'AWS',
            name,
            ...(counted.length > 0
              ? { ruleActionOverrides: counted.map((rule) => ({ name: rule, actionToUse: { count: {} } })) }
              : {}),
          },
        },
        visibilityConfig: visibility(name),
      };
    });

    this.webAcl = new wafv2.CfnWebACL(this, 'WebAcl', {
      scope: 'REGIONAL',
      defaultAction: { allow: {} },
      description: 'Bet-builder pricing API: managed rules and a per-IP rate limit',
      visibilityConfig: visibility('PricingApiWebAcl'),
      rules: [
        {
          name: 'RatePerSourceIp',
          priority: 0,
          action: { block: {} },
          statement: {
            rateBasedStatement: {
              limit: props.ratePer5MinPerIp,
              evaluationWindowSec: 300,
              aggregateKeyType: 'IP',
              scopeDownStatement: {
                notStatement: { statement: { ipSetReferenceStatement: { arn: sportsbook.attrArn } } },
              },
            },
          },
          visibilityConfig: visibility('RatePerSourceIp'),
        },
        ...managed,
      ],
    });

    const association = new wafv2.CfnWebACLAssociation(this, 'StageAssociation', {
      resourceArn: props.stage.stageArn,
      webAclArn: this.webAcl.attrArn,
    });
    // stageArn is assembled from ids, so it carries no dependency on the stage resource itself.
    association.node.addDependency(props.stage);

    // Named after the stack (unique per account and region, and the same whether the stage is deployed by hand or by
    // the pipeline), not the construct path: a path-derived name differs between the two copies of a stage, so the
    // first pipeline run after a deploy by hand would replace the log group (prod retains the old one, orphaned, and
    // the WAF log history splits between the two).
    const logGroupName = `${WAF_LOG_GROUP_PREFIX}${Stack.of(this).stackName}`;
    this.logGroup = new logs.LogGroup(this, 'Logs', {
      logGroupName,
      retention: props.logRetentionDays as logs.RetentionDays,
      encryptionKey: props.logKey,
      removalPolicy: wafLogGroupRemovalPolicy(props.removalPolicy),
    });
    const logging = new wafv2.CfnLoggingConfiguration(this, 'Logging', {
      resourceArn: this.webAcl.attrArn,
      // WAF wants the log group ARN itself, not the `…:*` form LogGroup.logGroupArn has.
      logDestinationConfigs: [
        Stack.of(this).formatArn({
          service: 'logs',
          resource: 'log-group',
          resourceName: logGroupName,
          arnFormat: ArnFormat.COLON_RESOURCE_NAME,
        }),
      ],
    });
    logging.node.addDependency(this.logGroup);
  }
}

/**
 * The WAF log group's removal policy: a fixed name cannot be retained by a rolled-back create, or the retry fails on
 * the name ("already exists"). `Retain` becomes CloudFormation's `RetainExceptOnCreate`: kept on every later delete or
 * replacement (the log history survives), deleted only by the rollback of the stack operation that created it.
 */
export function wafLogGroupRemovalPolicy(removalPolicy: RemovalPolicy): RemovalPolicy {
  return removalPolicy === RemovalPolicy.RETAIN ? RemovalPolicy.RETAIN_ON_UPDATE_OR_DELETE : removalPolicy;
}
