// Stands in for @aws-sdk/credential-provider-node in the deployed bundles (esbuild alias, see ../packaging.ts).
// Inside Lambda the execution role's credentials are always in the environment, the first link of the default chain;
// the chain's other links (SSO, INI files, IMDS, web identity, process) and the STS/SSO clients they load can never
// run there, yet cost about 90 KB of every bundle. Same exports, same behaviour for the environment link.
import { fromEnv } from '@aws-sdk/credential-provider-env';
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from '@smithy/types';

/** The default provider, reduced to the environment (what Lambda provides). */
export const defaultProvider = (init: Parameters<typeof fromEnv>[0] = {}): AwsCredentialIdentityProvider =>
  fromEnv(init);

/** As in credential-provider-node: credentials with an expiry are refreshed. */
export const credentialsWillNeedRefresh = (credentials?: AwsCredentialIdentity): boolean =>
  credentials?.expiration !== undefined;

/** As in credential-provider-node: treated as expired five minutes before they are. */
export const credentialsTreatedAsExpired = (credentials?: AwsCredentialIdentity): boolean =>
  credentials?.expiration !== undefined && credentials.expiration.getTime() - Date.now() < 300_000;
