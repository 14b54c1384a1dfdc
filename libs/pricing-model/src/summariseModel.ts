import { scoreCell } from './model/scoreCell';
import type { CountTable, FixtureModel } from './types/model';

/** Moments of one count section in a built model. */
export interface CountSummary {
  readonly homeMean: number;
  readonly awayMean: number;
  /** variance / mean of each team's count. */
  readonly homeDispersion: number;
  readonly awayDispersion: number;
  /** variance / mean of the total. */
  readonly totalDispersion: number;
  /** Pearson correlation of the home and away counts. */
  readonly correlation: number;
}

/** What a built model implies: the means it reproduces and the dependence it creates. */
export interface ModelSummary {
  readonly goals: { readonly homeMean: number; readonly awayMean: number; readonly correlation: number };
  readonly cards: CountSummary;
  readonly corners: CountSummary;
}

function countSummary(model: FixtureModel, table: CountTable): CountSummary {
  const w = model.maxGoals + 1;
  const cap = table.scoreCap;
  const { maxHome: kx, maxAway: ky } = table;
  let mx = 0;
  let my = 0;
  let mxx = 0;
  let myy = 0;
  let mxy = 0;
  for (let h = 0; h < w; h++) {
    for (let a = 0; a < w; a++) {
      const p = model.goals[h * w + a] as number;
      if (p === 0) continue;
      const cell = scoreCell(h, a, cap);
      const o = cell * (kx + 1) * (ky + 1);
      const scale = p / (table.norm[cell] as number);
      for (let x = 0; x <= kx; x++) {
        for (let y = 0; y <= ky; y++) {
          const q = (table.joint[o + x * (ky + 1) + y] as number) * scale;
          mx += x * q;
          my += y * q;
          mxx += x * x * q;
          myy += y * y * q;
          mxy += x * y * q;
        }
      }
    }
  }
  const vx = mxx - mx * mx;
  const vy = myy - my * my;
  const cov = mxy - mx * my;
  return {
    homeMean: mx,
    awayMean: my,
    homeDispersion: mx > 0 ? vx / mx : 1,
    awayDispersion: my > 0 ? vy / my : 1,
    totalDispersion: mx + my > 0 ? (vx + vy + 2 * cov) / (mx + my) : 1,
    correlation: vx > 0 && vy > 0 ? cov / Math.sqrt(vx * vy) : 0,
  };
}

/**
 * Means, dispersions and correlations implied by a built model (computed from its tables, exactly as prices are).
 * Used by the tests, the benchmark and anyone checking a model against the opinion.
 *
 * @example
 * const s = summariseModel(model);
 * s.cards.homeMean;      // ≈ opinion.home.cards (within 1%)
 * s.corners.correlation; // < 0: the trailing team wins more corners
 */
export function summariseModel(model: FixtureModel): ModelSummary {
  const w = model.maxGoals + 1;
  let mh = 0;
  let ma = 0;
  let mhh = 0;
  let maa = 0;
  let mha = 0;
  for (let h = 0; h < w; h++) {
    for (let a = 0; a < w; a++) {
      const p = model.goals[h * w + a] as number;
      mh += h * p;
      ma += a * p;
      mhh += h * h * p;
      maa += a * a * p;
      mha += h * a * p;
    }
  }
  const vh = mhh - mh * mh;
  const va = maa - ma * ma;
  return {
    goals: { homeMean: mh, awayMean: ma, correlation: (mha - mh * ma) / Math.sqrt(vh * va) },
    cards: countSummary(model, model.cards),
    corners: countSummary(model, model.corners),
  };
}
