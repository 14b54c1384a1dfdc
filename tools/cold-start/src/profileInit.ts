import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import { SourceMap, type SourceMapPayload } from 'node:module';
import * as os from 'node:os';
import * as path from 'node:path';

interface ProfileNode {
  readonly id: number;
  readonly callFrame: {
    readonly functionName: string;
    readonly url: string;
    readonly lineNumber: number;
    readonly columnNumber: number;
  };
  readonly children?: readonly number[];
}

interface CpuProfile {
  readonly nodes: readonly ProfileNode[];
  readonly samples: readonly number[];
  readonly timeDeltas: readonly number[];
}

/** Sampled CPU time of one require, by where it went. */
export interface InitProfile {
  /** Sampled time of the whole profile, ms (the profiler's own cost included). */
  readonly totalMs: number;
  /**
   * Self time by where the sampled code lives: a package (`ioredis`, `zod`, `@aws-sdk/client-dynamodb`), a repo
   * file (`libs/pricing-model/src/schemas.ts`), `(garbage collector)`, `(compile)` (Node's module wrapper: V8
   * compiling the bundle) or `(node)` for the rest of Node's own code.
   */
  readonly bySource: readonly { readonly source: string; readonly ms: number }[];
  /** Self time in packages, by the repo file that (nearest up the stack) called into them. */
  readonly byCaller: readonly { readonly caller: string; readonly source: string; readonly ms: number }[];
}

/** The package (or repo-relative file) an original source path belongs to. */
function sourceOf(file: string): string {
  const nm = file.lastIndexOf('node_modules/');
  if (nm >= 0) {
    const rest = file.slice(nm + 'node_modules/'.length).split('/');
    return rest[0]!.startsWith('@') ? `${rest[0]}/${rest[1]}` : rest[0]!;
  }
  const m = /(?:^|\/)((?:apps|libs|tools|infra)\/.*)$/.exec(file);
  return m ? m[1]! : file;
}

/**
 * Requires `file` in a fresh Node process under `env` with V8's sampling profiler on (`--cpu-prof`, 100 µs), and
 * splits the sampled time by original source through the bundle's external source map.
 *
 * @example
 * const p = await profileInit('/tmp/cold-start/price/index.js', env);
 * p.bySource.slice(0, 5); // [{ source: '(compile)', ms: 30.1 }, { source: 'ioredis', ms: 20.4 }, …]
 */
export async function profileInit(file: string, env: Record<string, string>): Promise<InitProfile> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cold-start-prof-'));
  try {
    await new Promise<void>((resolve, reject) => {
      const child = spawn(
        process.execPath,
        [
          '--cpu-prof',
          `--cpu-prof-dir=${dir}`,
          '--cpu-prof-interval=100',
          '-e',
          `require(process.argv[1]); process.exit(0);`,
          file,
        ],
        { env, stdio: ['ignore', 'ignore', 'pipe'] },
      );
      let err = '';
      child.stderr.on('data', (c: Buffer) => (err += c.toString()));
      child.on('error', reject);
      child.on('close', (code) =>
        code === 0 ? resolve() : reject(new Error(`profiling ${file} failed: ${err.slice(0, 500)}`)),
      );
    });
    const profFile = fs.readdirSync(dir).find((f) => f.endsWith('.cpuprofile'));
    if (profFile === undefined) throw new Error(`no profile written for ${file}`);
    const profile = JSON.parse(fs.readFileSync(path.join(dir, profFile), 'utf8')) as CpuProfile;
    const mapFile = `${file}.map`;
    const map = fs.existsSync(mapFile)
      ? new SourceMap(JSON.parse(fs.readFileSync(mapFile, 'utf8')) as SourceMapPayload)
      : undefined;
    const bundleUrl = `file://${file}`;
    const parent = new Map<number, number>();
    for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
    const byId = new Map(profile.nodes.map((n) => [n.id, n]));
    const sourceCache = new Map<number, string>();
    const sourceOfNode = (n: ProfileNode): string => {
      const cached = sourceCache.get(n.id);
      if (cached !== undefined) return cached;
      const { url, functionName, lineNumber, columnNumber } = n.callFrame;
      let source: string;
      if (url === '') {
        source = functionName.startsWith('(') ? functionName : '(native)';
      } else if ((url === bundleUrl || url === file) && lineNumber === 0 && columnNumber === 0) {
        // The module wrapper: the bundle's top-level statements (the ES modules' bodies, hoisted into one scope).
        source = '(top level)';
      } else if (url === bundleUrl || url === file) {
        const entry: { originalSource?: string } | undefined = map?.findEntry(lineNumber, columnNumber);
        source = entry?.originalSource ? sourceOf(entry.originalSource) : '(bundle)';
      } else if (url.startsWith('node:') || !url.includes('/')) {
        source = /wrapSafe|compileFunction/.test(functionName) ? '(compile)' : '(node)';
      } else {
        source = sourceOf(url);
      }
      sourceCache.set(n.id, source);
      return source;
    };
    const isRepo = (s: string) => /^(apps|libs|tools|infra)\//.test(s);
    const self = new Map<string, number>();
    const callers = new Map<string, number>();
    let total = 0;
    profile.samples.forEach((id, i) => {
      const us = profile.timeDeltas[i] ?? 0;
      total += us;
      const node = byId.get(id)!;
      const source = sourceOfNode(node);
      if (source === '(idle)') return;
      self.set(source, (self.get(source) ?? 0) + us);
      if (isRepo(source) || source.startsWith('(')) return;
      let up = parent.get(id);
      while (up !== undefined && !isRepo(sourceOfNode(byId.get(up)!))) up = parent.get(up);
      const caller = up !== undefined ? sourceOfNode(byId.get(up)!) : '(none)';
      const key = `${caller}\u0000${source}`;
      callers.set(key, (callers.get(key) ?? 0) + us);
    });
    const ms = (us: number) => Math.round(us / 100) / 10;
    return {
      totalMs: ms(total),
      bySource: [...self].sort((a, b) => b[1] - a[1]).map(([source, us]) => ({ source, ms: ms(us) })),
      byCaller: [...callers]
        .sort((a, b) => b[1] - a[1])
        .map(([key, us]) => {
          const [caller, source] = key.split('\u0000') as [string, string];
          return { caller, source, ms: ms(us) };
        }),
    };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
