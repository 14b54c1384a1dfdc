import * as path from 'node:path';

/**
 * How every Lambda of the service is bundled (esbuild, CommonJS, one file per function). The CDK construct that
 * deploys the functions and the cold-start bench that measures them both read this, so the bench measures what ships.
 */
export const LAMBDA_BUNDLING = {
  target: 'node22',
  platform: 'node',
  format: 'cjs',
  minify: true,
  /** The packages' ES module builds first: esbuild tree-shakes them (the AWS SDK's CJS builds are single files). */
  mainFields: ['module', 'main'],
  /** Source maps beside the bundle, not inside it: no init cost; decode stack traces offline or with --enable-source-maps. */
  sourcemap: 'external',
  /** Module path → replacement file (see packaging/lambdaEnvCredentials.ts). */
  alias: {
    '@aws-sdk/credential-provider-node': path.join(__dirname, 'packaging', 'lambdaEnvCredentials.ts'),
  },
} as const;

/** What one handler's bundle leaves out or loads lazily. */
export interface HandlerPackaging {
  /** Absolute path of the handler file (exports `handler`). */
  readonly entry: string;
  /**
   * Modules the bundle does not contain but the function may load on first use: each is bundled into its own file at
   * `node_modules/<name>/index.js` beside the handler's bundle, so the init phase never parses it.
   */
  readonly lazyModules: readonly string[];
  /** Modules the function never loads: left out of the bundle and not shipped. */
  readonly excludedModules: readonly string[];
}

const DAX = '@amazon-dax-sdk/lib-dax';
const handlersDir = path.join(__dirname, 'handlers');

/**
 * Per handler: DAX only for the price function (loaded on its first DAX read), and never in the opinion, primer or
 * verify functions, which the CDK stacks give no DAX endpoint. The opinion function's store-only runtime has no Redis, so
 * ioredis is not in its import graph to begin with.
 *
 * @example
 * HANDLER_PACKAGING.price.lazyModules; // ['@amazon-dax-sdk/lib-dax']
 */
export const HANDLER_PACKAGING = {
  price: { entry: path.join(handlersDir, 'price.ts'), lazyModules: [DAX], excludedModules: [] },
  opinion: { entry: path.join(handlersDir, 'opinion.ts'), lazyModules: [], excludedModules: [DAX] },
  primer: { entry: path.join(handlersDir, 'primer.ts'), lazyModules: [], excludedModules: [DAX] },
  // Verification reads the table strongly consistently (ADR 0018), which DAX cannot serve: never shipped.
  verifyQuote: { entry: path.join(handlersDir, 'verifyQuote.ts'), lazyModules: [], excludedModules: [DAX] },
} as const satisfies Record<string, HandlerPackaging>;
