/** Live counters the progress display reads. */
export interface ProgressState {
  label: string;
  sent: number;
  total: number;
  done: number;
  errors: number;
  /** Current p95 (ms) so far. */
  p95Ms: number;
  containers: number;
}

export interface Progress {
  update(s: ProgressState): void;
  finish(s: ProgressState): void;
}

/**
 * A progress bar redrawn in place on a terminal, or a plain line every `intervalMs` otherwise
 * (CI logs, pipes), so a long run never looks hung and never floods a log.
 *
 * @example
 * const progress = createProgress(process.stderr);
 * progress.update({ label: 'C', sent, total, done, errors, p95Ms, containers });
 */
export function createProgress(
  stream: NodeJS.WritableStream & { isTTY?: boolean; columns?: number },
  o: { intervalMs?: number; now?: () => number } = {},
): Progress {
  const now = o.now ?? Date.now;
  const tty = stream.isTTY === true;
  const interval = o.intervalMs ?? (tty ? 100 : 5000);
  let last = -Infinity;
  const text = (s: ProgressState) =>
    `${s.label}: ${s.done}/${s.total} done, ${s.errors} errors, p95 ${s.p95Ms.toFixed(2)} ms, ${s.containers} containers`;
  const bar = (s: ProgressState) => {
    const width = 30;
    const filled = s.total === 0 ? width : Math.round((width * s.sent) / s.total);
    return `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${String(Math.round((100 * s.sent) / Math.max(1, s.total))).padStart(3)}% ${text(s)}`;
  };
  return {
    update(s) {
      const t = now();
      if (t - last < interval) return;
      last = t;
      if (tty) stream.write(`\r${bar(s).slice(0, (stream.columns ?? 120) - 1)}\x1b[K`);
      else stream.write(`${text(s)}\n`);
    },
    finish(s) {
      if (tty) stream.write(`\r${bar(s).slice(0, (stream.columns ?? 120) - 1)}\x1b[K\n`);
      else stream.write(`${text(s)}\n`);
      last = -Infinity;
    },
  };
}
