import {
  createStoreRuntime,
  HANDLER_PACKAGING,
  loadConfig,
  opinionTableCreateInput,
  type PricingEnvironment,
  type StoredOpinion,
} from '@betbuilder/pricing-lambda';
import { CONTRACT_EXAMPLE_LEGS, CONTRACT_EXAMPLE_OPINION } from '@betbuilder/pricing-model';
import {
  createOpinionsTable,
  startTestServices,
  toApiGatewayEvent,
  toStreamEvent,
  type TestServices,
} from '@betbuilder/test-harness';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { BENCH_HANDLERS, buildBundle, type BuiltBundle } from './buildBundle';
import { measureInit, measureInstructions, quantile, type InitSample } from './measureInit';
import { profileInit, type InitProfile } from './profileInit';

/** Bundles built elsewhere (another commit, other esbuild options), measured beside the current ones. */
export interface BenchVariant {
  /** Shown as `<handler>@<label>`. */
  readonly label: string;
  /** Holds `<handler>/index.js` (and its lazy modules) per handler, e.g. the `--out` of a `--build-only` run. */
  readonly dir: string;
}

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
  /** More such directories, each measured as `<handler>@<label>`. @default none */
  readonly variants?: readonly BenchVariant[];
  /** Only these handlers (hello world is always measured: it is the yardstick). @default all */
  readonly handlers?: readonly string[];
  /** Also invoke each handler once after init (its first request) and time it. @default true */
  readonly firstRequest?: boolean;
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
  /** CPU used from process start to handler ready. */
  readonly initCpuP50Ms: number;
  /** The first request ({@link FIRST_EVENTS}): wall-clock p50, and p50 of init + first request per process. */
  readonly firstP50Ms?: number;
  readonly initPlusFirstP50Ms?: number;
  /** CPU p50 of init + first request per process: what a cold container costs before it has answered once. */
  readonly initPlusFirstCpuP50Ms?: number;
  /** The first requests' status codes and how many processes answered each. */
  readonly firstStatuses?: Record<string, number>;
}

/** The fixture the price function's first request prices (stored before the runs; its model is then in Redis). */
const PRICE_FIXTURE = CONTRACT_EXAMPLE_OPINION.fixtureId;
/** The fixture the opinion function's first request writes (not the priced one, whose model must stay put). */
const OPINION_FIXTURE = 'cold-start-bench-opinion';

/**
 * Each handler's first request after init: the price function prices the contract's example bet on the stored
 * fixture, the opinion function validates and stores an opinion, the primer primes the stored fixture from its stream
 * record, and the quote verifier (whose real request needs a token of a price) gets the keep-warm event, which opens
 * its connections and reads its keys.
 */
export function firstEvents(stored: StoredOpinion): Record<string, unknown> {
  return {
    hello: {},
    price: toApiGatewayEvent(
      { method: 'POST', url: '/v1/price', headers: { 'content-type': 'application/json' } },
      JSON.stringify({ fixtureId: stored.fixtureId, legs: CONTRACT_EXAMPLE_LEGS }),
      { requestId: 'cold-start-price' },
    ),
    opinion: toApiGatewayEvent(
      {
        method: 'PUT',
        url: `/v1/fixtures/${OPINION_FIXTURE}`,
        headers: { 'content-type': 'application/json' },
      },
      JSON.stringify({ ...CONTRACT_EXAMPLE_OPINION, fixtureId: OPINION_FIXTURE }),
      { requestId: 'cold-start-opinion' },
    ),
    primer: toStreamEvent(stored, 'MODIFY'),
    verifyQuote: { warmup: true },
  };
}

/** The answers a first request must give for its figure to count (anything else fails the bench). */
const EXPECTED_STATUS: Record<string, number | string> = {
  hello: 200,
  price: 200,
  opinion: 200,
  primer: 'primed',
  verifyQuote: 'warmed',
};

/**
 * Builds the handler bundles (or the ones asked for) into `outDir`, the layout of the Lambda assets, and returns them
 * with the hello-world bundle first.
 *
 * @example
 * await buildBenchBundles('/tmp/cold-start-before'); // then: bench --variant before=/tmp/cold-start-before
 */
export async function buildBenchBundles(
  outDir: string,
  handlers?: readonly string[],
): Promise<BuiltBundle[]> {
  const bundles: BuiltBundle[] = [];
  for (const [name, packaging] of Object.entries(BENCH_HANDLERS)) {
    if (name !== 'hello' && handlers !== undefined && !handlers.includes(name)) continue;
    bundles.push(await buildBundle(name, packaging, outDir));
  }
  return bundles;
}

/** The bundles one run measures: freshly built ones, hello world first, then each variant's. */
async function benchBundles(
  options: Pick<BenchOptions, 'outDir' | 'baselineDir' | 'variants' | 'handlers'>,
): Promise<BuiltBundle[]> {
  const bundles = await buildBenchBundles(options.outDir, options.handlers);
  const variants = [
    ...(options.baselineDir ? [{ label: 'baseline', dir: options.baselineDir }] : []),
    ...(options.variants ?? []),
  ];
  for (const variant of variants) {
    for (const name of Object.keys(HANDLER_PACKAGING)) {
      if (options.handlers !== undefined && !options.handlers.includes(name)) continue;
      const file = path.join(variant.dir, name, 'index.js');
      if (fs.existsSync(file)) {
        const lazyDir = path.join(variant.dir, name, 'node_modules');
        bundles.push({
          name: `${name}@${variant.label}`,
          dir: path.dirname(file),
          file,
          bytes: fs.statSync(file).size,
          lazyBytes: fs.existsSync(lazyDir) ? dirBytes(lazyDir) : 0,
        });
      }
    }
  }
  return bundles;
}

export interface InstructionRow {
  readonly name: string;
  readonly bundleKb: number;
  /** Millions of instructions from process start to handler ready (median of the runs). */
  readonly initMinstr: number;
  /** The same to the end of the first request. */
  readonly initPlusFirstMinstr: number;
  /** Their difference: the first request's own instructions. */
  readonly firstMinstr: number;
  /** init instructions over hello world's. */
  readonly ratioToHello: number;
}

/**
 * The bench counted in instructions instead of milliseconds ({@link measureInstructions}): each bundle runs `runs`
 * times under valgrind, once to handler ready and once through its first request. The dependency timeouts are raised
 * (valgrind runs about 50 times slower), so the first request takes the same path as in the timed bench.
 *
 * @example
 * const rows = await runInstructionBench({ runs: 3, outDir: '/tmp/cold-start', handlers: ['price'] });
 */
export async function runInstructionBench(
  options: Omit<BenchOptions, 'firstRequest'>,
): Promise<InstructionRow[]> {
  const bundles = await benchBundles(options);
  const services = await startTestServices();
  try {
    const events = firstEvents(await seed(storeEnvironment(services)));
    const init = new Map<string, number[]>(bundles.map((b) => [b.name, []]));
    const total = new Map<string, number[]>(bundles.map((b) => [b.name, []]));
    for (let run = 0; run < options.runs; run++) {
      for (const bundle of rotated(bundles, run)) {
        const handler = bundle.name.split('@')[0]!;
        const env = {
          ...benchEnvironment(handler, services),
          DEPENDENCY_TIMEOUT_MS: '60000',
          MODEL_L2_TIMEOUT_MS: '30000',
        };
        init.get(bundle.name)!.push((await measureInstructions(bundle.file, env)).instructions);
        const withFirst = await measureInstructions(bundle.file, env, events[handler]);
        if (withFirst.sample.firstStatus !== EXPECTED_STATUS[handler]) {
          throw new Error(
            `${bundle.name}'s first request answered ${String(withFirst.sample.firstStatus)}: ${withFirst.sample.firstBody ?? ''}`,
          );
        }
        total.get(bundle.name)!.push(withFirst.instructions);
      }
    }
    const m = (name: string, of: Map<string, number[]>) => quantile(of.get(name)!, 0.5) / 1e6;
    const hello = m('hello', init);
    return bundles.map((b) => ({
      name: b.name,
      bundleKb: Math.round(b.bytes / 1024),
      initMinstr: round(m(b.name, init)),
      initPlusFirstMinstr: round(m(b.name, total)),
      firstMinstr: round(m(b.name, total) - m(b.name, init)),
      ratioToHello: round(m(b.name, init) / hello),
    }));
  } finally {
    await services.stop();
  }
}

/**
 * Builds every handler bundle and a hello-world bundle the same way, then starts each in `runs` fresh Node processes
 * (interleaved, so drift in machine load hits all alike) with a Lambda-like environment pointed at a local Redis and
 * dynalite, and reports init p50/p95, the ratio to hello world, and (by default) the first request after init.
 *
 * @example
 * const rows = await runBench({ runs: 20, outDir: '/tmp/cold-start' });
 */
export async function runBench(options: BenchOptions): Promise<BenchRow[]> {
  const bundles = await benchBundles(options);
  const first = options.firstRequest ?? true;
  const services = await startTestServices();
  try {
    const events = first ? firstEvents(await seed(storeEnvironment(services))) : {};
    const samples = new Map<string, InitSample[]>(bundles.map((b) => [b.name, []]));
    for (let run = 0; run < options.runs; run++) {
      for (const bundle of rotated(bundles, run)) {
        const handler = bundle.name.split('@')[0]!;
        const env = benchEnvironment(handler, services);
        const sample = await measureInit(bundle.file, env, first ? events[handler] : undefined);
        if (first && sample.firstStatus !== EXPECTED_STATUS[handler]) {
          throw new Error(
            `${bundle.name}'s first request answered ${String(sample.firstStatus)}, not ${String(EXPECTED_STATUS[handler])}: ${sample.firstBody ?? ''}`,
          );
        }
        samples.get(bundle.name)!.push(sample);
      }
    }
    const of = (name: string, pick: (s: InitSample) => number) => samples.get(name)!.map(pick);
    const p50 = (name: string, pick: (s: InitSample) => number) => round(quantile(of(name, pick), 0.5));
    const helloP50 = quantile(
      of('hello', (s) => s.readyMs),
      0.5,
    );
    return bundles.map((b) => {
      const initP50 = quantile(
        of(b.name, (s) => s.readyMs),
        0.5,
      );
      const row: BenchRow = {
        name: b.name,
        bundleKb: Math.round(b.bytes / 1024),
        lazyKb: Math.round(b.lazyBytes / 1024),
        requireP50Ms: p50(b.name, (s) => s.requireMs),
        initP50Ms: round(initP50),
        initP95Ms: round(
          quantile(
            of(b.name, (s) => s.readyMs),
            0.95,
          ),
        ),
        ratioToHello: round(initP50 / helloP50),
        initCpuP50Ms: p50(b.name, (s) => s.initCpuMs),
      };
      if (!first) return row;
      const statuses: Record<string, number> = {};
      for (const s of samples.get(b.name)!) {
        const key = String(s.firstStatus);
        statuses[key] = (statuses[key] ?? 0) + 1;
      }
      return {
        ...row,
        firstP50Ms: p50(b.name, (s) => s.firstMs ?? 0),
        initPlusFirstP50Ms: p50(b.name, (s) => s.readyMs + (s.firstMs ?? 0)),
        initPlusFirstCpuP50Ms: p50(b.name, (s) => s.initCpuMs + (s.firstCpuMs ?? 0)),
        firstStatuses: statuses,
      };
    });
  } finally {
    await services.stop();
  }
}

function storeEnvironment(services: TestServices): PricingEnvironment {
  return { TABLE_NAME: 'opinions', DYNAMODB_ENDPOINT: services.dynamo.endpoint };
}

/**
 * The environment a handler's process gets: Lambda-like (`AWS_LAMBDA_FUNCTION_NAME` set, so the module-scope init
 * runs) and pointed at the local Redis and dynalite.
 */
export function benchEnvironment(handler: string, services: TestServices): Record<string, string> {
  const store = storeEnvironment(services);
  const lambdaLike = {
    PATH: process.env['PATH'] ?? '',
    AWS_LAMBDA_FUNCTION_NAME: 'cold-start-bench',
    AWS_REGION: 'eu-west-1',
    AWS_ACCESS_KEY_ID: 'local',
    AWS_SECRET_ACCESS_KEY: 'local',
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    NODE_ENV: 'production',
    // As deployed to prod (ApiStack).
    POWERTOOLS_LOG_LEVEL: 'INFO',
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
  return { ...lambdaLike, ...(envOf[handler] as Record<string, string>) };
}

/** The table with its indexes, and the fixture the price function's first request prices. */
async function seed(store: PricingEnvironment): Promise<StoredOpinion> {
  await createOpinionsTable(store.DYNAMODB_ENDPOINT!, store.TABLE_NAME!, {
    table: opinionTableCreateInput(store.TABLE_NAME!),
  });
  const runtime = createStoreRuntime(
    loadConfig({ ...store, AWS_REGION: 'eu-west-1', POWERTOOLS_LOG_LEVEL: 'ERROR' }),
  );
  try {
    return await runtime.store.put(PRICE_FIXTURE, CONTRACT_EXAMPLE_OPINION);
  } finally {
    await runtime.close();
  }
}

/**
 * The bundles in the order run `run` starts them: rotated by one each run, so no bundle always follows the same one
 * (in two loaded runs the bundle started second took 10–12 % more CPU than one started later whose instruction
 * count was within 1 % of it).
 */
function rotated<T>(items: readonly T[], run: number): T[] {
  const k = run % items.length;
  return [...items.slice(k), ...items.slice(0, k)];
}

function dirBytes(dir: string): number {
  let bytes = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile() && entry.name.endsWith('.js')) {
      bytes += fs.statSync(path.join(entry.parentPath, entry.name)).size;
    }
  }
  return bytes;
}

function round(n: number): number {
  return Math.round(n * 100) / 100;
}

/**
 * Builds one handler's bundle and profiles its require `runs` times in fresh processes ({@link profileInit}), in the
 * bench's environment; returns the mean sampled ms per source and per caller → package.
 *
 * @example
 * const p = await profileBench({ handler: 'price', runs: 5, outDir: '/tmp/cold-start' });
 */
export async function profileBench(options: {
  readonly handler: string;
  readonly runs: number;
  readonly outDir: string;
  /** Profile the bundle in this directory (`<handler>/index.js`) instead of building one. @default build */
  readonly dir?: string;
}): Promise<InitProfile> {
  const packaging = BENCH_HANDLERS[options.handler];
  if (packaging === undefined) throw new Error(`no handler '${options.handler}'`);
  const file = options.dir
    ? path.join(options.dir, options.handler, 'index.js')
    : (await buildBundle(options.handler, packaging, options.outDir)).file;
  const services = await startTestServices();
  try {
    const env = benchEnvironment(options.handler, services);
    const profiles: InitProfile[] = [];
    for (let i = 0; i < options.runs; i++) profiles.push(await profileInit(file, env));
    const mean = (keyed: (p: InitProfile) => readonly (readonly [string, number])[]) => {
      const sums = new Map<string, number>();
      for (const p of profiles) for (const [k, ms] of keyed(p)) sums.set(k, (sums.get(k) ?? 0) + ms);
      return [...sums]
        .sort((x, y) => y[1] - x[1])
        .map(([k, ms]) => [k, round(ms / profiles.length)] as const);
    };
    return {
      totalMs: round(profiles.reduce((sum, p) => sum + p.totalMs, 0) / profiles.length),
      bySource: mean((p) => p.bySource.map((r) => [r.source, r.ms] as const)).map(([source, ms]) => ({
        source,
        ms,
      })),
      byCaller: mean((p) => p.byCaller.map((r) => [`${r.caller}\u0000${r.source}`, r.ms] as const)).map(
        ([key, ms]) => {
          const [caller, source] = key.split('\u0000') as [string, string];
          return { caller, source, ms };
        },
      ),
    };
  } finally {
    await services.stop();
  }
}
