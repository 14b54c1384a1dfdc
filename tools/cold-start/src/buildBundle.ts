import { HANDLER_PACKAGING, LAMBDA_BUNDLING, type HandlerPackaging } from '@betbuilder/pricing-lambda';
import { build, type BuildOptions } from 'esbuild';
import * as fs from 'node:fs';
import * as path from 'node:path';

/** One bundle as the deployed function gets it: `index.js` plus each lazy module in `node_modules/<name>/index.js`. */
export interface BuiltBundle {
  readonly name: string;
  readonly dir: string;
  readonly file: string;
  /** Bytes of `index.js` (what init parses). */
  readonly bytes: number;
  /** Bytes of the lazily loaded modules beside it. */
  readonly lazyBytes: number;
}

const common: BuildOptions = {
  bundle: true,
  platform: LAMBDA_BUNDLING.platform,
  target: LAMBDA_BUNDLING.target,
  format: LAMBDA_BUNDLING.format,
  minify: LAMBDA_BUNDLING.minify,
  mainFields: [...LAMBDA_BUNDLING.mainFields],
  alias: { ...LAMBDA_BUNDLING.alias },
  logLevel: 'warning',
};

/**
 * Bundles one handler with the deployed settings (`LAMBDA_BUNDLING`, the handler's lazy and excluded modules) into
 * `outDir/<name>/`, the layout of the Lambda asset.
 *
 * @example
 * const price = await buildBundle('price', HANDLER_PACKAGING.price, '/tmp/cold-start');
 * price.bytes; // 783226
 */
export async function buildBundle(
  name: string,
  packaging: HandlerPackaging,
  outDir: string,
): Promise<BuiltBundle> {
  const dir = path.join(outDir, name);
  fs.rmSync(dir, { recursive: true, force: true });
  const file = path.join(dir, 'index.js');
  await build({
    ...common,
    entryPoints: [packaging.entry],
    outfile: file,
    sourcemap: LAMBDA_BUNDLING.sourcemap,
    external: [...packaging.lazyModules, ...packaging.excludedModules],
  });
  let lazyBytes = 0;
  for (const module of packaging.lazyModules) {
    const lazyFile = path.join(dir, 'node_modules', module, 'index.js');
    await build({ ...common, entryPoints: [require.resolve(module)], outfile: lazyFile });
    lazyBytes += fs.statSync(lazyFile).size;
  }
  return { name, dir, file, bytes: fs.statSync(file).size, lazyBytes };
}

/** The handlers the bench measures, and the hello-world yardstick, by name. */
export const BENCH_HANDLERS: Record<string, HandlerPackaging> = {
  hello: { entry: path.join(__dirname, 'fixtures', 'hello.ts'), lazyModules: [], excludedModules: [] },
  ...HANDLER_PACKAGING,
};
