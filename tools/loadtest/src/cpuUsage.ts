import { readdirSync, readFileSync } from 'node:fs';

/**
 * CPU time by role during a measured run, read from `/proc` (Linux): this process (load generator + API front), each
 * function's containers (by their `AWS_LAMBDA_FUNCTION_NAME`), redis-server, dynalite and the DAX stand-in — and the
 * whole machine's busy time, so a report shows what the run cost and how much of the machine other work took. On a
 * shared 2-core machine that is what decides whether a configuration queues: a design that needs more CPU per request
 * than the machine has left saturates, whatever its latency idle.
 *
 * Processes that exit during the window (a killed container) lose their time; elsewhere than Linux every figure is 0.
 */
export interface CpuUsage {
  /** Wall time of the window (s). */
  wallS: number;
  /** CPU seconds by role (user + system). */
  byRole: Record<string, number>;
  /** This run's processes together (s). */
  runS: number;
  /** Every CPU of the machine, busy (s): `runS` plus everything else running meanwhile. */
  machineBusyS: number;
  /** Cores on the machine. */
  cores: number;
}

interface Snapshot {
  atMs: number;
  self: NodeJS.CpuUsage;
  /** pid → (role, ticks). */
  procs: Map<number, { role: string; ticks: number }>;
  machineBusyTicks: number;
  cores: number;
}

/** Clock ticks per second of /proc's utime/stime (USER_HZ: 100 on every Linux this runs on). */
const TICKS_PER_S = 100;

function read(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
}

/** (ppid, utime + stime) from /proc/<pid>/stat; the command name may hold spaces and parentheses. */
function stat(pid: number): { ppid: number; ticks: number; comm: string } | undefined {
  const s = read(`/proc/${pid}/stat`);
  if (s === undefined) return undefined;
  const close = s.lastIndexOf(')');
  const comm = s.slice(s.indexOf('(') + 1, close);
  const f = s
    .slice(close + 2)
    .split(' ')
    .map((x) => Number(x));
  // After the comm: state(0) ppid(1) ... utime(11) stime(12) cutime(13) cstime(14).
  return { ppid: f[1]!, ticks: f[11]! + f[12]!, comm };
}

function roleOf(pid: number, comm: string): string {
  if (comm.startsWith('redis-server')) return 'redis-server';
  const cmd = (read(`/proc/${pid}/cmdline`) ?? '').split('\0').join(' ');
  if (cmd.includes('dynaliteProcess')) return 'dynalite';
  if (cmd.includes('daxStandIn')) return 'dax-stand-in';
  const env = read(`/proc/${pid}/environ`) ?? '';
  const fn = /(?:^|\0)AWS_LAMBDA_FUNCTION_NAME=([^\0]*)/.exec(env)?.[1];
  if (fn !== undefined) return `fn:${fn}`;
  return `other:${comm}`;
}

function descendants(root: number): Map<number, { role: string; ticks: number }> {
  const out = new Map<number, { role: string; ticks: number }>();
  let pids: number[];
  try {
    pids = readdirSync('/proc')
      .filter((d) => /^\d+$/.test(d))
      .map(Number);
  } catch {
    return out;
  }
  const info = new Map<number, { ppid: number; ticks: number; comm: string }>();
  for (const pid of pids) {
    const s = stat(pid);
    if (s) info.set(pid, s);
  }
  const children = new Map<number, number[]>();
  for (const [pid, s] of info) {
    const list = children.get(s.ppid) ?? [];
    list.push(pid);
    children.set(s.ppid, list);
  }
  const stack = [...(children.get(root) ?? [])];
  while (stack.length > 0) {
    const pid = stack.pop()!;
    const s = info.get(pid)!;
    out.set(pid, { role: roleOf(pid, s.comm), ticks: s.ticks });
    stack.push(...(children.get(pid) ?? []));
  }
  return out;
}

function machine(): { busy: number; cores: number } {
  const s = read('/proc/stat');
  if (s === undefined) return { busy: 0, cores: 0 };
  const lines = s.split('\n');
  const f = lines[0]!.trim().split(/\s+/).slice(1).map(Number);
  // user nice system idle iowait irq softirq steal: busy = all but idle and iowait.
  const busy = f.reduce((a, b, i) => (i === 3 || i === 4 || i > 7 ? a : a + b), 0);
  const cores = lines.filter((l) => /^cpu\d+ /.test(l)).length;
  return { busy, cores };
}

/**
 * Starts a window; its `stop()` returns the CPU each role used during it.
 *
 * @example
 * const cpu = startCpuWindow(); await runTraffic(...); report.cpu = cpu.stop();
 */
export function startCpuWindow(): { stop(): CpuUsage } {
  const take = (): Snapshot => {
    const m = machine();
    return {
      atMs: performance.now(),
      self: process.cpuUsage(),
      procs: descendants(process.pid),
      machineBusyTicks: m.busy,
      cores: m.cores,
    };
  };
  const a = take();
  return {
    stop(): CpuUsage {
      const b = take();
      const byRole: Record<string, number> = {};
      const self = (b.self.user + b.self.system - a.self.user - a.self.system) / 1e6;
      byRole['load generator + API front'] = self;
      for (const [pid, p] of b.procs) {
        // A process started during the window counts from 0.
        const before = a.procs.get(pid)?.ticks ?? 0;
        byRole[p.role] = (byRole[p.role] ?? 0) + (p.ticks - before) / TICKS_PER_S;
      }
      const r3 = (x: number) => Math.round(x * 1000) / 1000;
      const rounded = Object.fromEntries(
        Object.entries(byRole)
          .filter(([, v]) => v > 0)
          .sort((x, y) => y[1] - x[1])
          .map(([k, v]) => [k, r3(v)]),
      );
      return {
        wallS: r3((b.atMs - a.atMs) / 1000),
        byRole: rounded,
        runS: r3(Object.values(byRole).reduce((x, y) => x + y, 0)),
        machineBusyS: r3((b.machineBusyTicks - a.machineBusyTicks) / TICKS_PER_S),
        cores: b.cores,
      };
    },
  };
}
