import type { Logger } from '@aws-lambda-powertools/logger';
import { GetSecretValueCommand, type SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { withTimeout } from '@betbuilder/cache';
import { QuoteKeyError } from '../errors/QuoteKeyError';
import type { QuoteKey, QuoteKeyRing } from './QuoteKeyRing';
import { parseQuoteKeySecret, type QuoteKeySource } from './quoteKeys';

export interface SecretQuoteKeysOptions {
  /** ARN or name of the secret (`QUOTE_KEY_SECRET_ARN`). */
  readonly secretId: string;
  /** Built on first use. */
  readonly client: () => SecretsManagerClient;
  /** Bound on one GetSecretValue call. */
  readonly timeoutMs: number;
  /**
   * After this long the keys are re-read in the background (the cached ones keep serving meanwhile), so a rotation
   * reaches every warm container, and a key removed from the secret stops verifying. @default 600000 (10 min)
   */
  readonly maxAgeMs?: number;
  /**
   * A token with a key id this container does not know triggers a re-read (the secret may have rotated since it was
   * read), at most once per this many ms, so forged key ids cannot hammer Secrets Manager. @default 30000
   */
  readonly unknownKidRefreshMs?: number;
  readonly logger: Pick<Logger, 'warn'>;
  /** @default Date.now */
  readonly now?: () => number;
}

/**
 * The quote keys from AWS Secrets Manager: read once (during init, through the handler's warm-up) and cached; re-read
 * after `maxAgeMs` in the background, and when a token names an unknown key id (rate-limited). A failed first read
 * is not cached (the next call tries again); a failed re-read keeps the keys already held.
 *
 * @example
 * const keys = new SecretQuoteKeys({ secretId: arn, client: () => new SecretsManagerClient({}), timeoutMs: 800, logger });
 * const ring = await keys.get(); // ring.current signs
 */
export class SecretQuoteKeys implements QuoteKeySource {
  private ring: QuoteKeyRing | undefined;
  private loading: Promise<QuoteKeyRing> | undefined;
  private loadedAt = 0;
  private lastUnknownKidRead = Number.NEGATIVE_INFINITY;

  constructor(private readonly o: SecretQuoteKeysOptions) {}

  get(): Promise<QuoteKeyRing> {
    const ring = this.ring;
    if (ring === undefined) return this.load();
    if (this.now() - this.loadedAt >= (this.o.maxAgeMs ?? 600_000)) {
      // The next background read comes a full max age later even if this one fails (the held keys keep serving).
      this.loadedAt = this.now();
      void this.load().catch(() => undefined);
    }
    return Promise.resolve(ring);
  }

  async find(kid: string): Promise<QuoteKey | undefined> {
    const found = (await this.get()).find(kid);
    if (found !== undefined) return found;
    const now = this.now();
    if (now - this.lastUnknownKidRead < (this.o.unknownKidRefreshMs ?? 30_000)) return undefined;
    this.lastUnknownKidRead = now;
    try {
      return (await this.load()).find(kid);
    } catch {
      return undefined; // logged by load(); the keys held still apply
    }
  }

  /** One read at a time; concurrent callers share it. */
  private load(): Promise<QuoteKeyRing> {
    this.loading ??= this.read().finally(() => {
      this.loading = undefined;
    });
    return this.loading;
  }

  private async read(): Promise<QuoteKeyRing> {
    let text: string | undefined;
    try {
      const out = await withTimeout(
        this.o.client().send(new GetSecretValueCommand({ SecretId: this.o.secretId })),
        this.o.timeoutMs,
        'Secrets Manager GetSecretValue',
      );
      text = out.SecretString;
    } catch (err) {
      this.o.logger.warn('could not read the quote key secret', {
        secretId: this.o.secretId,
        error: err instanceof Error ? `${err.name}: ${err.message}` : String(err),
        keysHeld: this.ring !== undefined,
      });
      throw new QuoteKeyError('UNAVAILABLE', 'the quote signing keys could not be read', { cause: err });
    }
    let ring: QuoteKeyRing;
    try {
      ring = parseQuoteKeySecret(text);
    } catch (err) {
      this.o.logger.warn('the quote key secret is not in the documented shape', {
        secretId: this.o.secretId,
        error: (err as Error).message,
        keysHeld: this.ring !== undefined,
      });
      throw err;
    }
    this.ring = ring;
    this.loadedAt = this.now();
    return ring;
  }

  private now(): number {
    return this.o.now ? this.o.now() : Date.now();
  }
}
