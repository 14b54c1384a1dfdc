import { Sha256 } from '@aws-crypto/sha256-js';
import { fromNodeProviderChain } from '@aws-sdk/credential-providers';
import { SignatureV4 } from '@smithy/signature-v4';
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from '@smithy/types';

/** A request about to be sent, as the signer sees it. */
export interface SignableRequest {
  readonly method: string;
  readonly url: URL;
  readonly headers: Readonly<Record<string, string>>;
  readonly body?: string | undefined;
}

/** Returns the headers to send (the given ones plus the signature's). */
export type RequestSigner = (req: SignableRequest) => Promise<Record<string, string>>;

export interface SigV4Options {
  /** The API's region, e.g. `eu-west-1` (see {@link regionFromUrl}). */
  readonly region: string;
  /** @default 'execute-api' */
  readonly service?: string;
  /**
   * @default the AWS SDK's default credential chain (environment, SSO, shared config and credentials files, container
   * and instance roles), like the AWS CLI
   */
  readonly credentials?: AwsCredentialIdentity | AwsCredentialIdentityProvider;
}

/** The region of an API Gateway URL (`https://id.execute-api.eu-west-1.amazonaws.com/prod`), if it is one. */
export function regionFromUrl(url: URL): string | undefined {
  return /\.execute-api\.([a-z0-9-]+)\.amazonaws\.com$/.exec(url.hostname)?.[1];
}

/**
 * A SigV4 signer for API Gateway's IAM-authorised routes (`@smithy/signature-v4`, the AWS SDK's own).
 *
 * @example
 * const sign = createSigV4Signer({ region: 'eu-west-1' });
 * const headers = await sign({ method: 'GET', url: new URL('https://id.execute-api.eu-west-1.amazonaws.com/prod/v1/fixtures'), headers: {} });
 */
export function createSigV4Signer(options: SigV4Options): RequestSigner {
  const signer = new SignatureV4({
    service: options.service ?? 'execute-api',
    region: options.region,
    credentials: options.credentials ?? fromNodeProviderChain(),
    sha256: Sha256,
  });
  return async (req) => {
    const query: Record<string, string> = {};
    req.url.searchParams.forEach((v, k) => (query[k] = v));
    const signed = await signer.sign({
      method: req.method,
      protocol: req.url.protocol,
      hostname: req.url.hostname,
      port: req.url.port ? Number(req.url.port) : undefined,
      path: req.url.pathname,
      query,
      headers: { ...req.headers, host: req.url.host },
      body: req.body,
    });
    return signed.headers;
  };
}
