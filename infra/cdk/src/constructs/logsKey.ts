import { Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import type { Construct } from 'constructs';

const KEY_ID = 'LogsKey';

/**
 * The stack's customer-managed KMS key for CloudWatch Logs (one per stack, created on first use). The logs service
 * may use it only for log groups of this account and region (`kms:EncryptionContext:aws:logs:arn`, the condition the
 * CloudWatch Logs guide gives), so no other account's log group can be encrypted with it.
 *
 * @example
 * new logs.LogGroup(this, 'Logs', { encryptionKey: logsKey(this) });
 */
export function logsKey(scope: Construct): kms.IKey {
  const stack = Stack.of(scope);
  const existing = stack.node.tryFindChild(KEY_ID) as kms.Key | undefined;
  if (existing) return existing;
  const key = new kms.Key(stack, KEY_ID, {
    enableKeyRotation: true,
    description: `CloudWatch Logs encryption for ${stack.stackName}`,
  });
  key.addToResourcePolicy(
    new iam.PolicyStatement({
      sid: 'CloudWatchLogsOfThisAccount',
      principals: [new iam.ServicePrincipal(`logs.${stack.region}.amazonaws.com`)],
      actions: ['kms:Encrypt*', 'kms:Decrypt*', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:Describe*'],
      resources: ['*'],
      // The encryption context names the log group, so this pins the key to this account's and region's log groups.
      // Nothing else: CloudWatch Logs documents only this condition for its key policy, and a condition on a key its
      // requests may not carry (aws:SourceAccount) would fail the creation of every encrypted log group.
      conditions: {
        ArnLike: {
          'kms:EncryptionContext:aws:logs:arn': `arn:${stack.partition}:logs:${stack.region}:${stack.account}:log-group:*`,
        },
      },
    }),
  );
  return key;
}
