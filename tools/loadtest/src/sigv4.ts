import { Sha256 } from '@aws-crypto/sha256-js';
import { fromNodeProviderChain } from '@aws-sdk/credential-providers';
import { SignatureV4 } from '@smithy/signature-v4';
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from '@smithy/types';

export interface SignableRequest {
  method: string;
  url: URL;
  headers: Record<string, string>;
  body?: string;
}

/** Signs a request in place of the caller (returns the headers to send). */
export type RequestSigner = (req: SignableRequest) => Promise<Record<string, string>>;

/** The region of an `execute-api` URL (`https://id.execute-api.eu-west-1.amazonaws.com/prod`), if it is one. */
export function regionFromUrl(url: URL): string | undefined {
  const m = /\.execute-api\.([a-z0-9-]+)\.amazonaws\.com$/.exec(url.hostname);
  return m?.[1];
}

/**
 * A SigV4 signer for API Gateway (`execute-api`) using the default AWS credential chain
 * (env vars, SSO, shared config/credentials files, container/instance roles), like the AWS CLI.
 *
 * @example
 * const sign = createSigV4Signer({ region: 'eu-west-1' });
 * const headers = await sign({ method: 'PUT', url, headers: { 'content-type': 'application/json' }, body });
 */
export function createSigV4Signer(o: {
  region: string;
  service?: string;
  credentials?: AwsCredentialIdentity | AwsCredentialIdentityProvider;
}): RequestSigner {
  const signer = new SignatureV4({
    service: o.service ?? 'execute-api',
    region: o.region,
    credentials: o.credentials ?? fromNodeProviderChain(),
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
