import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { RedisServer } from '@betbuilder/test-harness';
import { eventually } from '../support/redis';

const CHILD = join(__dirname, '..', 'support', 'coalesceChild.ts');
const K = 4;

interface ChildResult {
  computes: number;
  source: string;
  sum: number;
}

function startChild(
  url: string,
  key: string,
): { proc: ChildProcess; ready: Promise<void>; state: () => string; result: Promise<ChildResult> } {
  const proc = spawn(process.execPath, ['--import', 'tsx', CHILD, url, key], {
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  let markReady: () => void = () => undefined;
  const ready = new Promise<void>((r) => (markReady = r));
  proc.stdout.on('data', (d: Buffer) => {
    out += d.toString();
    if (out.includes('ready\n')) markReady();
  });
  proc.stderr.on('data', (d: Buffer) => (err += d.toString()));
  const result = new Promise<ChildResult>((resolve, reject) => {
    proc.once('exit', (code) => {
      const line = out.split('\n').find((l) => l.startsWith('{'));
      if (code !== 0 || !line) reject(new Error(`child exited ${code}: ${err || out}`));
      else resolve(JSON.parse(line) as ChildResult);
    });
  });
  const state = () =>
    out.includes('computing\n') ? 'computing' : out.includes('waiting\n') ? 'waiting' : '';
  return { proc, ready, state, result };
}

describe('cross-process coalescing', () => {
  let server: RedisServer;
  beforeAll(async () => {
    server = await RedisServer.start();
  });
  afterAll(() => server.stop());

  it(`computes once when ${K} processes, each with its own cache, miss the same key at once`, async () => {
    // Prepare
    const children = Array.from({ length: K }, () => startChild(server.url, 'model:1:FIX-1:1'));
    await Promise.all(children.map((c) => c.ready));
    // Act: all miss at once; the owner finishes only once every other container waits on its lock
    for (const c of children) c.proc.stdin!.write('go\n');
    const states = () => children.map((c) => c.state()).sort();
    const lined = await eventually(
      () => states().join() === ['computing', ...Array<string>(K - 1).fill('waiting')].join(),
      30_000,
      20,
    );
    for (const c of children) if (c.state() === 'computing') c.proc.stdin!.write('finish\n');
    const results = await Promise.all(children.map((c) => c.result));
    // Assess
    expect(lined).toBe(true);
    expect(results.reduce((n, r) => n + r.computes, 0)).toBe(1);
    expect(results.map((r) => r.source).sort()).toEqual(['COMPUTED', ...Array<string>(K - 1).fill('L2')]);
    expect(new Set(results.map((r) => r.sum)).size).toBe(1);
  }, 45_000);
});
