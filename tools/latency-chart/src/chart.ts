import { Resvg } from '@resvg/resvg-js';
import type { LatencyDistribution } from './latency';

export interface ChartOptions {
  title: string;
  subtitle?: string;
  /** Draw a horizontal-axis marker at this latency (e.g. the 100 ms SLO). */
  targetMs?: number;
  width?: number;
  height?: number;
}

const PALETTE = ['#d62728', '#ff7f0e', '#2ca02c', '#1f77b4', '#9467bd', '#8c564b', '#e377c2'];

/**
 * Renders latency histograms of several configurations overlaid on one log-scale axis (a before/after
 * chart): each distribution is a step line of "% of requests per bucket", with its p95 as a dashed
 * vertical line, and a legend carrying p50/p95/p99/max. Pure string building, no DOM.
 *
 * @example
 * const svg = renderLatencyChartSvg([a.summary(), c.summary()], { title: 'Price latency' });
 */
export function renderLatencyChartSvg(dists: readonly LatencyDistribution[], o: ChartOptions): string {
  const W = o.width ?? 960;
  const H = o.height ?? 540;
  const m = { left: 70, right: 30, top: 70, bottom: 70 + 18 * dists.length };
  const pw = W - m.left - m.right;
  const ph = H - m.top - m.bottom;

  const series = dists.map((d) => {
    const total = d.buckets.reduce((s, b) => s + b.count, 0) || 1;
    const pts: { lo: number; hi: number; pct: number }[] = [];
    let prevUpper = Number.NaN;
    for (const b of d.buckets) {
      const hi = Number.isFinite(b.upperMs) ? b.upperMs : Math.max(d.maxMs, prevUpper * 1.12);
      const lo = Number.isFinite(prevUpper) ? prevUpper : hi / Math.pow(10, 1 / 20);
      pts.push({ lo, hi, pct: (100 * b.count) / total });
      prevUpper = hi;
    }
    return { d, pts };
  });

  const all = series.flatMap((s) => s.pts);
  let xMin = Math.min(...all.map((p) => p.lo), o.targetMs ?? Infinity);
  let xMax = Math.max(...all.map((p) => p.hi), o.targetMs ?? 0);
  if (!Number.isFinite(xMin) || !Number.isFinite(xMax) || xMin <= 0) {
    xMin = 0.1;
    xMax = 1000;
  }
  xMin = Math.pow(10, Math.floor(Math.log10(xMin)));
  xMax = Math.pow(10, Math.ceil(Math.log10(Math.max(xMax, xMin * 10))));
  const yMaxRaw = Math.max(1, ...all.map((p) => p.pct));
  const yMax = niceCeil(yMaxRaw);

  const x = (ms: number) =>
    m.left + (pw * (Math.log10(ms) - Math.log10(xMin))) / (Math.log10(xMax) - Math.log10(xMin));
  const y = (pct: number) => m.top + ph - (ph * pct) / yMax;
  const f = (n: number) => n.toFixed(1);

  const parts: string[] = [];
  parts.push(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="DejaVu Sans, Helvetica, Arial, sans-serif">`,
    `<rect width="${W}" height="${H}" fill="#ffffff"/>`,
    `<text x="${m.left}" y="30" font-size="18" font-weight="bold" fill="#222">${esc(o.title)}</text>`,
  );
  if (o.subtitle)
    parts.push(`<text x="${m.left}" y="50" font-size="12" fill="#555">${esc(o.subtitle)}</text>`);

  // Grid and axes.
  for (let i = 0; i <= 5; i++) {
    const v = (yMax * i) / 5;
    parts.push(
      `<line x1="${m.left}" x2="${m.left + pw}" y1="${f(y(v))}" y2="${f(y(v))}" stroke="#e5e5e5"/>`,
      `<text x="${m.left - 8}" y="${f(y(v) + 4)}" font-size="11" text-anchor="end" fill="#444">${trimNum(v)}%</text>`,
    );
  }
  for (let e = Math.log10(xMin); e <= Math.log10(xMax) + 1e-9; e++) {
    for (const k of [1, 2, 5]) {
      const v = k * Math.pow(10, e);
      if (v < xMin * 0.999 || v > xMax * 1.001) continue;
      parts.push(
        `<line x1="${f(x(v))}" x2="${f(x(v))}" y1="${m.top}" y2="${m.top + ph}" stroke="${k === 1 ? '#d0d0d0' : '#eeeeee'}"/>`,
        `<text x="${f(x(v))}" y="${m.top + ph + 16}" font-size="11" text-anchor="middle" fill="#444">${fmtMs(v)}</text>`,
      );
    }
  }
  parts.push(
    `<rect x="${m.left}" y="${m.top}" width="${pw}" height="${ph}" fill="none" stroke="#888"/>`,
    `<text x="${m.left + pw / 2}" y="${m.top + ph + 36}" font-size="12" text-anchor="middle" fill="#222">latency (log scale)</text>`,
    `<text transform="translate(18 ${m.top + ph / 2}) rotate(-90)" font-size="12" text-anchor="middle" fill="#222">% of requests per bucket</text>`,
  );
  if (o.targetMs !== undefined) {
    parts.push(
      `<line x1="${f(x(o.targetMs))}" x2="${f(x(o.targetMs))}" y1="${m.top}" y2="${m.top + ph}" stroke="#000" stroke-width="1.5" stroke-dasharray="2 3"/>`,
      // Label on the side with room (the target often sits at the axis' left edge).
      x(o.targetMs) - m.left < 110
        ? `<text x="${f(x(o.targetMs) + 4)}" y="${m.top + ph - 8}" font-size="11" text-anchor="start" fill="#000">target ${fmtMs(o.targetMs)}</text>`
        : `<text x="${f(x(o.targetMs) - 4)}" y="${m.top + 14}" font-size="11" text-anchor="end" fill="#000">target ${fmtMs(o.targetMs)}</text>`,
    );
  }

  series.forEach((s, i) => {
    const color = PALETTE[i % PALETTE.length] as string;
    if (s.pts.length > 0) {
      const first = s.pts[0]!;
      let d = `M${f(x(first.lo))},${f(y(0))}`;
      for (const p of s.pts) d += ` L${f(x(p.lo))},${f(y(p.pct))} L${f(x(p.hi))},${f(y(p.pct))}`;
      d += ` L${f(x(s.pts[s.pts.length - 1]!.hi))},${f(y(0))}`;
      parts.push(`<path d="${d}" fill="${color}" fill-opacity="0.12" stroke="${color}" stroke-width="1.8"/>`);
    }
    if (s.d.count > 0) {
      const px = x(clamp(s.d.p95Ms, xMin, xMax));
      parts.push(
        `<line x1="${f(px)}" x2="${f(px)}" y1="${m.top}" y2="${m.top + ph}" stroke="${color}" stroke-width="1.5" stroke-dasharray="6 4"/>`,
        // Near the right edge the label goes on the line's left so it stays inside the plot.
        px > m.left + pw - 110
          ? `<text x="${f(px - 3)}" y="${m.top + 14 + 14 * i}" font-size="11" text-anchor="end" fill="${color}">p95 ${fmtMs(s.d.p95Ms)}</text>`
          : `<text x="${f(px + 3)}" y="${m.top + 14 + 14 * i}" font-size="11" fill="${color}">p95 ${fmtMs(s.d.p95Ms)}</text>`,
      );
    }
    const ly = m.top + ph + 56 + 18 * i;
    parts.push(
      `<rect x="${m.left}" y="${ly - 10}" width="14" height="10" fill="${color}"/>`,
      `<text x="${m.left + 20}" y="${ly}" font-size="12" fill="#222">${esc(s.d.label)} — n=${s.d.count}  p50 ${fmtMs(s.d.p50Ms)}  p95 ${fmtMs(s.d.p95Ms)}  p99 ${fmtMs(s.d.p99Ms)}  max ${fmtMs(s.d.maxMs)}</text>`,
    );
  });
  parts.push('</svg>');
  return parts.join('\n');
}

/**
 * Rasterises an SVG to PNG with resvg (system fonts, DejaVu Sans by default).
 *
 * @example
 * writeFileSync('chart.png', svgToPng(svg));
 */
export function svgToPng(svg: string, widthPx = 1440): Buffer {
  const r = new Resvg(svg, {
    fitTo: { mode: 'width', value: widthPx },
    font: { loadSystemFonts: true, defaultFontFamily: 'DejaVu Sans' },
    background: '#ffffff',
  });
  return Buffer.from(r.render().asPng());
}

/** `0.35 ms`, `12.4 ms`, `1.5 s`. */
export function fmtMs(ms: number): string {
  if (!Number.isFinite(ms)) return '∞';
  if (ms >= 1000) return `${trimNum(ms / 1000)} s`;
  if (ms >= 100) return `${Math.round(ms)} ms`;
  if (ms >= 10) return `${trimNum(Math.round(ms * 10) / 10)} ms`;
  if (ms >= 1) return `${trimNum(Math.round(ms * 100) / 100)} ms`;
  return `${trimNum(Math.round(ms * 1000) / 1000)} ms`;
}

function trimNum(v: number): string {
  return String(Math.round(v * 1000) / 1000);
}

function niceCeil(v: number): number {
  const p = Math.pow(10, Math.floor(Math.log10(v)));
  for (const k of [1, 2, 2.5, 5, 10]) if (k * p >= v) return k * p;
  return 10 * p;
}

function clamp(v: number, lo: number, hi: number): number {
  return Math.min(hi, Math.max(lo, v));
}

function esc(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}
