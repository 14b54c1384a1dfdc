/**
 * What the defaults imply for a league: builds a spread of fixtures (home 0.8–2.6 goals, away 0.6–2.0, weighted
 * around a top-flight average of about 1.55 v 1.2; cards and corners at league means) and prints the league averages
 * the model implies next to published top-flight figures. A table to read, not a test.
 * Run: npx nx run pricing-model:league   (or: cd libs/pricing-model && npx tsx bench/league.ts)
 */
import {
  buildFixtureModel,
  DEFAULT_MODEL_OPTIONS,
  legsProbability,
  parseOpinion,
  type FixtureModel,
  type Leg,
} from '../src/index';
import { scoreCell } from '../src/model/scoreCell';
import { ReferenceModel } from '../tests/reference/ReferenceModel';

const HOME_GOALS = [0.8, 1.0, 1.2, 1.4, 1.6, 1.8, 2.0, 2.3, 2.6];
const AWAY_GOALS = [0.6, 0.8, 1.0, 1.2, 1.4, 1.6, 1.8, 2.0];
const CARDS: [number, number] = [1.54, 1.77];
const CORNERS: [number, number] = [5.6, 4.7];

/** Weight of a fixture: a normal kernel around the league's average team goals. */
const weight = (g: number, mean: number) => Math.exp(-((g - mean) ** 2) / (2 * 0.45 ** 2));

interface Row {
  w: number;
  model: FixtureModel;
  secondHalfShare: number;
}

function opinion(home: number, away: number) {
  const r = parseOpinion({
    fixtureId: 'league-spread',
    status: 'OPEN',
    home: { name: 'Home', goals: home, cards: CARDS[0], corners: CORNERS[0] },
    away: { name: 'Away', goals: away, cards: CARDS[1], corners: CORNERS[1] },
  });
  if (!r.ok) throw new Error(JSON.stringify(r.issues));
  return r.value;
}

/** Moments of (team corners, own goals), pooled over both teams, and of total corners, for one fixture. */
function cornerMoments(m: FixtureModel) {
  const w = m.maxGoals + 1;
  const t = m.corners;
  const cap = t.scoreCap;
  const out = { c: 0, g: 0, cc: 0, gg: 0, cg: 0, tot: 0, tot2: 0 };
  for (let h = 0; h < w; h++)
    for (let a = 0; a < w; a++) {
      const p = m.goals[h * w + a] as number;
      if (p === 0) continue;
      const cell = scoreCell(h, a, cap);
      const o = cell * (t.maxHome + 1) * (t.maxAway + 1);
      for (let x = 0; x <= t.maxHome; x++)
        for (let y = 0; y <= t.maxAway; y++) {
          const q = (p * (t.joint[o + x * (t.maxAway + 1) + y] as number)) / (t.norm[cell] as number);
          // half of the observations are home teams, half away teams
          out.c += (q * (x + y)) / 2;
          out.g += (q * (h + a)) / 2;
          out.cc += (q * (x * x + y * y)) / 2;
          out.gg += (q * (h * h + a * a)) / 2;
          out.cg += (q * (x * h + y * a)) / 2;
          out.tot += q * (x + y);
          out.tot2 += q * (x + y) ** 2;
        }
    }
  return out;
}

function main(): void {
  const rows: Row[] = [];
  for (const h of HOME_GOALS)
    for (const a of AWAY_GOALS) {
      const op = opinion(h, a);
      const model = buildFixtureModel(op);
      const byHalf = new ReferenceModel(op).goalsByHalf();
      rows.push({
        w: weight(h, 1.55) * weight(a, 1.2),
        model,
        secondHalfShare: byHalf.second / (byHalf.first + byHalf.second),
      });
    }
  const W = rows.reduce((s, r) => s + r.w, 0);
  const avg = (f: (r: Row) => number) => rows.reduce((s, r) => s + r.w * f(r), 0) / W;
  const p = (legs: Leg[]) => avg((r) => legsProbability(r.model, legs));
  const goalsHome = avg((r) => r.model.home.goals);
  const goalsAway = avg((r) => r.model.away.goals);
  const m = rows.map((r) => ({ w: r.w, ...cornerMoments(r.model) }));
  const pooled = (k: keyof (typeof m)[number]) => m.reduce((s, r) => s + r.w * r[k], 0) / W;
  const covCG = pooled('cg') - pooled('c') * pooled('g');
  const corrCG = covCG / Math.sqrt((pooled('cc') - pooled('c') ** 2) * (pooled('gg') - pooled('g') ** 2));
  const cornersMean = pooled('tot');
  const cornersSd = Math.sqrt(pooled('tot2') - cornersMean ** 2);
  const pct = (v: number) => `${(100 * v).toFixed(1)}%`;
  const table: [string, string, string][] = [
    [
      'goals per game (home / away)',
      `${(goalsHome + goalsAway).toFixed(2)} (${goalsHome.toFixed(2)} / ${goalsAway.toFixed(2)})`,
      '2.7–2.9 (EPL long run), 3.28 in 2023/24',
    ],
    [
      'share of goals after half-time',
      pct(avg((r) => r.secondHalfShare)),
      '55.6–60.1% (EPL, recent seasons)',
    ],
    ['0-0', pct(p([{ market: 'CORRECT_SCORE', home: 0, away: 0 }])), '7–8%'],
    ['over 2.5 goals', pct(p([{ market: 'TOTAL_GOALS', side: 'OVER', line: 2.5 }])), '~52%'],
    ['both teams to score', pct(p([{ market: 'BOTH_TEAMS_TO_SCORE', selection: 'YES' }])), '~51%'],
    [
      'home win / draw / away win',
      `${pct(p([{ market: 'MATCH_RESULT', selection: 'HOME' }]))} / ${pct(p([{ market: 'MATCH_RESULT', selection: 'DRAW' }]))} / ${pct(p([{ market: 'MATCH_RESULT', selection: 'AWAY' }]))}`,
      '~45% / ~24% / ~31%',
    ],
    ['corners per game (SD)', `${cornersMean.toFixed(2)} (${cornersSd.toFixed(2)})`, '10.3 (SD ~3.5)'],
    ['corr(team corners, own goals)', corrCG.toFixed(3), '~ −0.04'],
    [
      'cards per game (home / away)',
      `${(CARDS[0] + CARDS[1]).toFixed(2)} (${CARDS[0]} / ${CARDS[1]}, inputs)`,
      '~3.3 (1.54 / 1.77)',
    ],
  ];
  const widths = [0, 1, 2].map((i) => Math.max(...table.map((r) => (r[i] as string).length)));
  console.log(
    `league averages implied by the defaults (${JSON.stringify(DEFAULT_MODEL_OPTIONS)}), ${rows.length} fixtures`,
  );
  console.log(
    `| ${'figure'.padEnd(widths[0] as number)} | ${'model'.padEnd(widths[1] as number)} | published |`,
  );
  for (const [a, b, c] of table)
    console.log(`| ${a.padEnd(widths[0] as number)} | ${b.padEnd(widths[1] as number)} | ${c} |`);
}

main();
