import * as path from 'node:path';

/** The monorepo root (infra/cdk/src -> ../../..): esbuild's project root and lock file location. */
export const REPO_ROOT = path.resolve(__dirname, '..', '..', '..');

/** Entry files of the handlers the API stack bundles. */
export interface HandlerEntries {
  readonly price: string;
  readonly opinion: string;
  readonly primer: string;
  readonly keepWarm: string;
  readonly verifyQuote: string;
}

/** The real handler files (interface contract paths). */
export const DEFAULT_HANDLER_ENTRIES: HandlerEntries = {
  price: path.join(REPO_ROOT, 'apps/pricing-lambda/src/handlers/price.ts'),
  opinion: path.join(REPO_ROOT, 'apps/pricing-lambda/src/handlers/opinion.ts'),
  primer: path.join(REPO_ROOT, 'apps/pricing-lambda/src/handlers/primer.ts'),
  keepWarm: path.join(REPO_ROOT, 'apps/keep-warm/src/handler.ts'),
  verifyQuote: path.join(REPO_ROOT, 'apps/pricing-lambda/src/handlers/verifyQuote.ts'),
};
