import { build } from 'esbuild';
import { mkdirSync } from 'node:fs';
import { basename, join } from 'node:path';

/**
 * Bundles a handler module the way CDK's NodejsFunction does (esbuild, CJS, node20, AWS SDK v3 left
 * external because the Lambda runtime provides it), so the local containers load the same kind of
 * artefact Lambda loads and pay a comparable cold start.
 *
 * @example
 * const file = await bundleHandler('/repo/apps/pricing-lambda/src/handlers/price.ts', outDir);
 */
export async function bundleHandler(entry: string, outDir: string): Promise<string> {
  mkdirSync(outDir, { recursive: true });
  const outfile = join(outDir, `${basename(entry).replace(/\.[cm]?[tj]s$/, '')}.js`);
  await build({
    entryPoints: [entry],
    outfile,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    sourcemap: false,
    minify: false,
    external: ['@aws-sdk/*'],
    logLevel: 'error',
  });
  return outfile;
}
