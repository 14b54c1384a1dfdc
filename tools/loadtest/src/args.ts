import { parseArgs } from 'node:util';
import { planFaults } from './faults';
import type { ConfigName, LoadTestOptions } from './types/options';

/** A bad command line: the message names the flag and what it accepts. */
export class UsageError extends Error {
  readonly code = 'USAGE';
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

export const USAGE = `Usage: npm run loadtest -- [flags]

Runs an open-loop load test of the pricing API. Without --target it starts a local Lambda-like pool
(real handler bundles in separate container processes, dynalite, redis-server) and runs the caching
experiment: A = in-process L1 only, B = shared Redis with JSON, C = binary L1+L2 + coalescing + primer.

  --duration S        seconds of traffic per configuration          (default 30)
  --rate N            price requests per second (open loop)         (default 200)
  --fixtures N        fixtures seeded through the API               (default 200)
  --containers N      max containers of the price function          (default 8)
  --warm N            containers warmed before the run, like the keep-warm rule
                      (concurrent {"warmup": true} invocations; 0 = all cold)  (default: --containers)
  --seed S            seed of the traffic (fixtures, bets, timing)  (default 42)
  --update-rate N     opinion updates per second, in background     (default 1)
  --configs A,B,C,F   configurations to run (local mode); F = the floor: the same pool,
                      front and traffic, a handler that only parses the request and
                      answers a fixed body                           (default A,B,C,F)
  --faults            configuration C with scheduled faults: Redis SIGSTOP, Redis SIGKILL
                      + restart, dynalite SIGSTOP, a container killed mid-request; per-window
                      statuses, p95/max, time to recover and lost writes (needs --duration
                      >= 47 with the default pause; default --configs C,F)
  --fault-pause-s N   how long each SIGSTOP lasts                    (default 10)
  --scaling N,N,...   configuration C at each fixture count (e.g. 200,1000,3000), then a
                      "deploy" at the largest (every container cold, L2 warm): the scaling
                      table (whole-run, first-5-s and steady p95, builds per version)
  --arrival poisson|uniform  inter-arrival distribution             (default poisson)
  --zipf S            Zipf exponent of fixture popularity           (default 1.0)
  --target URL        run against a deployed API (SigV4 via the default AWS credential chain)
  --region R          region for SigV4 (default: from the URL or AWS_REGION)
  --skip-seed         (--target) fixtures already written; only verify them
  --in-play-share F   share of the fixtures in play (the most popular), each with a state
                      update every 3 s through the opinion handler; the report counts stale
                      in-play prices and update-to-price latency       (default 0.1)
  --verify-share F    share of priced bets whose quote bet placement verifies
                      (POST /v1/quotes/verify); 0 = none              (default 0.1)
  --verify-delay-ms N delay between a price and its verification (a bet delay)  (default 2000)
  --dax-ttl-ms N      (local) item TTL of the DAX stand-in in front of dynalite: eventually
                      consistent GetItems are answered from memory for N ms, as DAX's item
                      cache does in AWS (writes bypass it); 0 = no stand-in  (default 1000)
  --env KEY=VALUE     extra environment for the local containers (repeatable),
                      e.g. --env OPINION_CACHE_TTL_MS=10000
  --xray              run a local X-Ray daemon and print per-subsegment latency per configuration
  --out DIR           where to write loadtest-report.{json,md,svg,png}  (default: current directory)
  -h, --help          this text
`;

function share(v: string | undefined, name = 'verify-share'): number {
  const n = num(name, v, 0.1, { min: 0 });
  if (n > 1) throw new UsageError(`--${name} must be a number from 0 to 1, got '${v}'`);
  return n;
}

function num(
  name: string,
  v: string | undefined,
  def: number,
  o: { min?: number; integer?: boolean } = {},
): number {
  if (v === undefined) return def;
  const n = Number(v);
  if (!Number.isFinite(n) || (o.integer && !Number.isInteger(n)) || (o.min !== undefined && n < o.min)) {
    throw new UsageError(
      `--${name} must be ${o.integer ? 'an integer' : 'a number'}${o.min !== undefined ? ` >= ${o.min}` : ''}, got '${v}'`,
    );
  }
  return n;
}

/** The two kinds of flag (node:util parseArgs option configs). */
const STRING = { type: 'string' } as const;
const BOOLEAN = { type: 'boolean' } as const;

/**
 * Parses the load test's flags into {@link LoadTestOptions} (or `{ help: true }`).
 *
 * @example
 * const o = parseLoadTestArgs(['--duration', '60', '--rate', '200']);
 */
export function parseLoadTestArgs(
  argv: string[],
  cwd = process.env.INIT_CWD ?? process.cwd(),
): LoadTestOptions | { help: true } {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      strict: true,
      allowPositionals: false,
      options: {
        duration: STRING,
        rate: STRING,
        fixtures: STRING,
        containers: STRING,
        warm: STRING,
        seed: STRING,
        'update-rate': STRING,
        configs: STRING,
        arrival: STRING,
        zipf: STRING,
        target: STRING,
        region: STRING,
        'skip-seed': BOOLEAN,
        xray: BOOLEAN,
        env: { type: 'string', multiple: true },
        'dax-ttl-ms': STRING,
        'verify-share': STRING,
        'in-play-share': STRING,
        'verify-delay-ms': STRING,
        faults: BOOLEAN,
        'fault-pause-s': STRING,
        scaling: STRING,
        out: STRING,
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
  if (values.help) return { help: true };
  const faults = values.faults === true;
  const configs = (values.configs ?? (faults ? 'C,F' : 'A,B,C,F'))
    .split(',')
    .map((s) => s.trim().toUpperCase())
    .filter((s) => s !== '');
  for (const c of configs)
    if (!['A', 'B', 'C', 'F'].includes(c))
      throw new UsageError(`--configs takes A, B, C and/or F, got '${c}'`);
  if (configs.length === 0) throw new UsageError('--configs needs at least one of A, B, C, F');
  if (faults && !configs.includes('C'))
    throw new UsageError('--faults runs configuration C: add C to --configs');
  const faultPauseS = num('fault-pause-s', values['fault-pause-s'], 10, { min: 1 });
  const durationS = num('duration', values.duration, faults ? planFaults(faultPauseS).minDurationS : 30, {
    min: 1,
  });
  if (faults && durationS < planFaults(faultPauseS).minDurationS) {
    throw new UsageError(
      `--faults needs --duration >= ${planFaults(faultPauseS).minDurationS} (with --fault-pause-s ${faultPauseS}), got ${durationS}`,
    );
  }
  const arrival = values.arrival ?? 'poisson';
  if (arrival !== 'poisson' && arrival !== 'uniform')
    throw new UsageError(`--arrival is poisson or uniform, got '${arrival}'`);
  if (values.target !== undefined) {
    let u: URL;
    try {
      u = new URL(values.target);
    } catch {
      throw new UsageError(`--target must be a URL, got '${values.target}'`);
    }
    if (u.protocol !== 'https:' && u.protocol !== 'http:')
      throw new UsageError(`--target must be http(s), got '${values.target}'`);
  }
  const scaling = (values.scaling ?? '')
    .split(',')
    .filter((x) => x.trim() !== '')
    .map((x) => num('scaling', x.trim(), 0, { min: 1, integer: true }));
  if (scaling.length > 0 && faults) throw new UsageError('--scaling and --faults are separate runs');
  const containerEnv: Record<string, string> = {};
  for (const kv of values.env ?? []) {
    const m = /^([A-Za-z_][A-Za-z0-9_]*)=(.*)$/.exec(kv);
    if (!m) throw new UsageError(`--env takes KEY=VALUE, got '${kv}'`);
    containerEnv[m[1]!] = m[2]!;
  }
  const containers = num('containers', values.containers, 8, { min: 1, integer: true });
  return {
    durationS,
    ratePerSec: num('rate', values.rate, 200, { min: 0.1 }),
    fixtures: num('fixtures', values.fixtures, 200, { min: 1, integer: true }),
    containers,
    warm: Math.min(containers, num('warm', values.warm, containers, { min: 0, integer: true })),
    seed: values.seed ?? '42',
    updateRatePerSec: num('update-rate', values['update-rate'], 1, { min: 0 }),
    arrival,
    zipfS: num('zipf', values.zipf, 1.0, { min: 0 }),
    configs: [...new Set(configs)] as ConfigName[],
    ...(values.target !== undefined ? { target: values.target } : {}),
    ...(values.region !== undefined ? { region: values.region } : {}),
    xray: values.xray === true,
    containerEnv,
    daxItemTtlMs: num('dax-ttl-ms', values['dax-ttl-ms'], 1000, { min: 0, integer: true }),
    outDir: values.out ?? cwd,
    skipSeed: values['skip-seed'] === true,
    verifyShare: share(values['verify-share']),
    inPlayShare: share(values['in-play-share'], 'in-play-share'),
    verifyDelayMs: num('verify-delay-ms', values['verify-delay-ms'], 2000, { min: 0, integer: true }),
    faults,
    faultPauseS,
    scaling,
  };
}
