import { Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import type { Construct } from 'constructs';

const KEY_ID = 'LogsKey';

/**
 * The stack's customer-managed KMS key for CloudWatch Logs (one per stack, created on first use). The logs service
 * may use it only for log groups of this account and region (`kms:EncryptionContext:aws:logs:arn`), and only on
 * behalf of this account (`aws:SourceAccount`), so no other account's log group can be encrypted with it.
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
      conditions: {
        ArnLike: {
          'kms:EncryptionContext:aws:logs:arn': `arn:${stack.partition}:logs:${stack.region}:${stack.account}:log-group:*`,
        },
        StringEquals: { 'aws:SourceAccount': stack.account },
      },
    }),
  );
  return key;
}
