import { HANDLER_PACKAGING, type PricingEnvironment } from '@betbuilder/pricing-lambda';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { startTestServices } from '@betbuilder/test-harness';
import { BENCH_HANDLERS, buildBundle, type BuiltBundle } from './buildBundle';
import { measureInit, quantile, type InitSample } from './measureInit';

export interface BenchOptions {
  /** Fresh processes per bundle. */
  readonly runs: number;
  /** Where the bundles are written. */
  readonly outDir: string;
  /**
   * A directory of bundles built elsewhere (e.g. from an older commit) as `<handler>/index.js`: each is measured in
   * the same interleaved runs as `<handler>@baseline`. @default none
   */
  readonly baselineDir?: string;
}

export interface BenchRow {
  readonly name: string;
  readonly bundleKb: number;
  /** Lazily loaded modules shipped beside the bundle (not parsed at init). */
  readonly lazyKb: number;
  /** require + module-scope init. */
  readonly requireP50Ms: number;
  /** Process start to handler ready (what Lambda's init duration measures). */
  readonly initP50Ms: number;
  readonly initP95Ms: number;
  /** init p50 over the hello-world bundle's init p50 (both from process start). */
  readonly ratioToHello: number;
}

/**
 * Builds every handler bundle and a hello-world bundle the same way, then starts each in `runs` fresh Node processes
 * (interleaved, so drift in machine load hits all alike) with a Lambda-like environment pointed at a local Redis and
 * dynalite, and reports init p50/p95 and the ratio to hello world.
 *
 * @example
 * const rows = await runBench({ runs: 20, outDir: '/tmp/cold-start' });
 */
export async function runBench(options: BenchOptions): Promise<BenchRow[]> {
  const bundles: BuiltBundle[] = [];
  for (const [name, packaging] of Object.entries(BENCH_HANDLERS)) {
    bundles.push(await buildBundle(name, packaging, options.outDir));
  }
  if (options.baselineDir) {
    for (const name of Object.keys(HANDLER_PACKAGING)) {
      const file = path.join(options.baselineDir, name, 'index.js');
      if (fs.existsSync(file)) {
        bundles.push({
          name: `${name}@baseline`,
          dir: path.dirname(file),
          file,
          bytes: fs.statSync(file).size,
          lazyBytes: 0,
        });
      }
    }
  }
  const services = await startTestServices();
  try {
    const lambdaLike = {
      PATH: process.env['PATH'] ?? '',
      AWS_LAMBDA_FUNCTION_NAME: 'cold-start-bench',
      AWS_REGION: 'eu-west-1',
      AWS_ACCESS_KEY_ID: 'local',
      AWS_SECRET_ACCESS_KEY: 'local',
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
      NODE_ENV: 'production',
    };
    const store: PricingEnvironment = {
      TABLE_NAME: 'opinions',
      DYNAMODB_ENDPOINT: services.dynamo.endpoint,
    };
    const envOf: Record<string, PricingEnvironment> = {
      hello: {},
      price: {
        ...store,
        REDIS_URL: services.redis.url,
        POWERTOOLS_SERVICE_NAME: 'pricing',
      },
      primer: {
        ...store,
        REDIS_URL: services.redis.url,
        POWERTOOLS_SERVICE_NAME: 'primer',
      },
      opinion: { ...store, POWERTOOLS_SERVICE_NAME: 'opinion' },
      // No QUOTE_KEY_SECRET_ARN: the quote key is generated at start, as in local runs.
      verifyQuote: {
        ...store,
        REDIS_URL: services.redis.url,
        POWERTOOLS_SERVICE_NAME: 'quotes',
      },
    };
    const samples = new Map<string, InitSample[]>(bundles.map((b) => [b.name, []]));
    for (let run = 0; run < options.runs; run++) {
      for (const bundle of bundles) {
        const env = { ...lambdaLike, ...(envOf[bundle.name.split('@')[0]!] as Record<string, string>) };
        samples.get(bundle.name)!.push(await measureInit(bundle.file, env));
      }
    }
    const ready = (name: string) => samples.get(name)!.map((s) => s.readyMs);
    const helloP50 = quantile(ready('hello'), 0.5);
    return bundles.map((b) => {
      const p50 = quantile(ready(b.name), 0.5);
      return {
        name: b.name,
        bundleKb: Math.round(b.bytes / 1024),
        lazyKb: Math.round(b.lazyBytes / 1024),
        requireP50Ms: round(
          quantile(
            samples.get(b.name)!.map((s) => s.requireMs),
            0.5,
          ),
        ),
        initP50Ms: round(p50),
        initP95Ms: round(quantile(ready(b.name), 0.95)),
        ratioToHello: round(p50 / helloP50),
      };
    });
  } finally {
    await services.stop();
  }
}

function round(n: number): number {
  return Math.round(n * 100) / 100;
}
