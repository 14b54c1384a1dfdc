import type { Logger } from '@aws-lambda-powertools/logger';
import type { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import type { Config } from '../types/config';
import { parseQuoteKeySecret, StaticQuoteKeys, type QuoteKeySource } from './quoteKeys';
import { QuoteSigner } from './QuoteSigner';
import { SecretQuoteKeys } from './SecretQuoteKeys';

/**
 * The container's quote signer: keys from the `QUOTE_KEY_SECRET_ARN` secret (read once, cached), or — without one,
 * i.e. locally — the keys in `QUOTE_KEYS` (processes sharing one key), else a key generated at start, whose quotes
 * verify only in this process.
 *
 * @example
 * const quotes = createQuoteSigner(config, { secrets: () => new SecretsManagerClient({}), logger });
 */
export function createQuoteSigner(
  config: Pick<
    Config,
    | 'quoteKeySecretArn'
    | 'quoteKeys'
    | 'quoteTtlMs'
    | 'quoteInPlayTtlMs'
    | 'quoteKeyMaxAgeMs'
    | 'dependencyTimeoutMs'
  >,
  deps: {
    readonly secrets: () => SecretsManagerClient;
    readonly logger: Pick<Logger, 'warn'>;
    /** Replaces the key source (tests). */
    readonly keys?: QuoteKeySource;
    readonly now?: () => number;
  },
): QuoteSigner {
  const arn = config.quoteKeySecretArn;
  const keys =
    deps.keys ??
    (arn !== undefined
      ? new SecretQuoteKeys({
          secretId: arn,
          client: deps.secrets,
          // The same budget as one DynamoDB call with its retry.
          timeoutMs: config.dependencyTimeoutMs * 2,
          maxAgeMs: config.quoteKeyMaxAgeMs,
          logger: deps.logger,
          ...(deps.now !== undefined ? { now: deps.now } : {}),
        })
      : new StaticQuoteKeys(
          // Several local processes (the load test's containers) share the key given in QUOTE_KEYS.
          config.quoteKeys !== undefined ? parseQuoteKeySecret(config.quoteKeys) : undefined,
        ));
  return new QuoteSigner({
    keys,
    ttlMs: config.quoteTtlMs,
    inPlayTtlMs: config.quoteInPlayTtlMs,
    ...(deps.now !== undefined ? { now: deps.now } : {}),
  });
}
