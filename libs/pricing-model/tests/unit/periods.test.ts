import { legsProbability, type Leg } from '../../src/index';
import { modelOf, NEUTRAL, opinionInput, poissonOver, poissonPmf } from './fixtures';

/**
 * The neutral model's closed forms of the contract's "Version 2 additions" (periods, first goal, players): with
 * constant intensities each team's first-half goals, cards and corners are Poisson with mean 47/95 × the full-time
 * mean and the second half's with 48/95 ×, all independent; the goals' order is uniformly random, so
 * P(home first) = λh/(λh+λa)·(1 − e^−(λh+λa)); a team goal is player i's with probability p_i whenever it is scored.
 */

// The neutral opinion (tests/unit/fixtures.ts): the contract example's means, its players and four more.
const GOALS = { HOME: 1.5, AWAY: 1.1 } as const;
const CARDS = { HOME: 1.6, AWAY: 1.8 } as const;
const CORNERS = { HOME: 5.8, AWAY: 4.7 } as const;
const P = {
  saka: 0.35,
  havertz: (0.25 * 72) / 90,
  rice: 0.08,
  palmer: (0.4 * 85) / 90,
  caicedo: 0.05,
} as const;
const TEAM_OF = { saka: 'HOME', havertz: 'HOME', rice: 'HOME', palmer: 'AWAY', caicedo: 'AWAY' } as const;
const FIRST = 47 / 95;
const SECOND = 48 / 95;

/** Goal closed forms: the pricing path's period tables are exact to their 1e-12 entry cut (≤ ~1e-9 of mass). */
const GOAL_TOLERANCE = 1e-9;
/** Count closed forms: the half tables are Float32 (relative rounding ~6e-8 per entry; measured max 5e-8…1e-7). */
const COUNT_TOLERANCE = 2e-7;
/** Sums far enough that the Poisson tails left out are below 1e-15 for these means. */
const MAX_GOALS = 30;
const MAX_COUNT = 60;

type Period = 'FIRST_HALF' | 'SECOND_HALF';
const SHARE: Record<Period, number> = { FIRST_HALF: FIRST, SECOND_HALF: SECOND };
type Result = 'HOME' | 'DRAW' | 'AWAY';
const RESULTS: readonly Result[] = ['HOME', 'DRAW', 'AWAY'];

const neutral = modelOf(opinionInput(NEUTRAL));
const prob = (...legs: Leg[]) => legsProbability(neutral, legs);

function resultOf(d: number): Result {
  return d > 0 ? 'HOME' : d === 0 ? 'DRAW' : 'AWAY';
}

/** P(home − away = d) for independent Poisson(mh), Poisson(ma): the Skellam pmf as a map d → probability. */
function skellam(mh: number, ma: number): Map<number, number> {
  const out = new Map<number, number>();
  for (let h = 0; h <= MAX_GOALS; h++)
    for (let a = 0; a <= MAX_GOALS; a++)
      out.set(h - a, (out.get(h - a) ?? 0) + poissonPmf(mh, h) * poissonPmf(ma, a));
  return out;
}

/** P(X ≥ k) for X ~ Binomial(n, p). */
function binomialAtLeast(n: number, p: number, k: number): number {
  let below = 0;
  for (let j = 0; j < k && j <= n; j++) {
    let c = 1;
    for (let i = 0; i < j; i++) c = (c * (n - i)) / (i + 1);
    below += c * p ** j * (1 - p) ** (n - j);
  }
  return 1 - below;
}

/** Σ over the independent full-time goals (g home, a away) of Poisson · Poisson · f(g, a). */
function overGoals(f: (g: number, a: number) => number): number {
  let s = 0;
  for (let g = 0; g <= MAX_GOALS; g++)
    for (let a = 0; a <= MAX_GOALS; a++) s += poissonPmf(GOALS.HOME, g) * poissonPmf(GOALS.AWAY, a) * f(g, a);
  return s;
}

describe('periods in the neutral model: each half is Poisson with 47/95 and 48/95 of the means', () => {
  it.each(['FIRST_HALF', 'SECOND_HALF'] as const)('prices goal lines and scores of the %s', (period) => {
    // Prepare
    const s = SHARE[period];
    const mh = s * GOALS.HOME;
    const ma = s * GOALS.AWAY;
    for (const line of [0.5, 1.5, 2.5, 3.5]) {
      // Act / Assess: total and team lines, both sides
      expect(prob({ market: 'TOTAL_GOALS', side: 'OVER', line, period })).toBeCloseTo(
        poissonOver(mh + ma, line),
        9,
      );
      expect(
        Math.abs(
          prob({ market: 'TEAM_GOALS', team: 'HOME', side: 'OVER', line, period }) - poissonOver(mh, line),
        ),
      ).toBeLessThanOrEqual(GOAL_TOLERANCE);
      expect(
        Math.abs(
          prob({ market: 'TEAM_GOALS', team: 'AWAY', side: 'UNDER', line, period }) -
            (1 - poissonOver(ma, line)),
        ),
      ).toBeLessThanOrEqual(GOAL_TOLERANCE);
    }
    for (const [h, a] of [
      [0, 0],
      [1, 0],
      [0, 1],
      [2, 1],
      [3, 3],
    ] as const) {
      const expected = poissonPmf(mh, h) * poissonPmf(ma, a);
      expect(
        Math.abs(prob({ market: 'CORRECT_SCORE', home: h, away: a, period }) - expected),
      ).toBeLessThanOrEqual(GOAL_TOLERANCE);
    }
    // results, handicaps, both teams to score and clean sheets from the half's Skellam and Poisson zeros
    const d = skellam(mh, ma);
    const diff = (test: (x: number) => boolean) => [...d].reduce((acc, [x, p]) => acc + (test(x) ? p : 0), 0);
    const cases: [Leg, number][] = [
      [{ market: 'MATCH_RESULT', selection: 'HOME', period }, diff((x) => x > 0)],
      [{ market: 'MATCH_RESULT', selection: 'DRAW', period }, diff((x) => x === 0)],
      [{ market: 'DOUBLE_CHANCE', selection: 'DRAW_OR_AWAY', period }, diff((x) => x <= 0)],
      [{ market: 'HANDICAP', team: 'HOME', line: -1.5, period }, diff((x) => x >= 2)],
      [{ market: 'HANDICAP', team: 'AWAY', line: 0.5, period }, diff((x) => x <= 0)],
      [
        { market: 'BOTH_TEAMS_TO_SCORE', selection: 'YES', period },
        (1 - Math.exp(-mh)) * (1 - Math.exp(-ma)),
      ],
      [{ market: 'CLEAN_SHEET', team: 'HOME', period }, Math.exp(-ma)],
      [{ market: 'CLEAN_SHEET', team: 'AWAY', period }, Math.exp(-mh)],
    ];
    for (const [leg, expected] of cases)
      expect({ leg, diff: Math.abs(prob(leg) - expected) <= GOAL_TOLERANCE }).toEqual({ leg, diff: true });
  });

  it.each(['FIRST_HALF', 'SECOND_HALF'] as const)('prices card and corner lines of the %s', (period) => {
    // Prepare
    const s = SHARE[period];
    const cases: [Leg, number][] = [];
    const count = (
      total: 'TOTAL_CARDS' | 'TOTAL_CORNERS',
      means: { HOME: number; AWAY: number },
      lines: number[],
    ) => {
      const teamMarket = total === 'TOTAL_CARDS' ? 'TEAM_CARDS' : 'TEAM_CORNERS';
      for (const line of lines)
        cases.push(
          [{ market: total, side: 'OVER', line, period }, poissonOver(s * (means.HOME + means.AWAY), line)],
          [
            { market: teamMarket, team: 'HOME', side: 'OVER', line, period },
            poissonOver(s * means.HOME, line),
          ],
          [
            { market: teamMarket, team: 'AWAY', side: 'UNDER', line, period },
            1 - poissonOver(s * means.AWAY, line),
          ],
        );
    };
    count('TOTAL_CARDS', CARDS, [0.5, 1.5, 2.5, 4.5]);
    count('TOTAL_CORNERS', CORNERS, [1.5, 3.5, 5.5, 8.5]);
    // Act
    const misses = cases
      .map(([leg, expected]) => ({ leg, expected, got: prob(leg) }))
      .filter((r) => !(Math.abs(r.got - r.expected) <= COUNT_TOLERANCE));
    // Assess
    expect(misses).toEqual([]);
  });

  it('makes the halves independent: first-half corners with full-time corners by the convolution of Poissons', () => {
    // Prepare: FT = FH + SH, FH ~ Poisson(47/95 μ), SH ~ Poisson(48/95 μ) independent
    const mu = CORNERS.HOME + CORNERS.AWAY;
    const joint = (x: number, y: number) => {
      let s = 0;
      for (let k = Math.floor(x) + 1; k <= MAX_COUNT; k++)
        s += poissonPmf(FIRST * mu, k) * (y - k < 0 ? 1 : poissonOver(SECOND * mu, y - k));
      return s;
    };
    for (const [x, y] of [
      [3.5, 9.5],
      [5.5, 12.5],
      [2.5, 6.5],
    ] as const) {
      // Act
      const got = prob(
        { market: 'TOTAL_CORNERS', side: 'OVER', line: x, period: 'FIRST_HALF' },
        { market: 'TOTAL_CORNERS', side: 'OVER', line: y },
      );
      // Assess
      expect(Math.abs(got - joint(x, y))).toBeLessThanOrEqual(COUNT_TOLERANCE);
    }
    // a team's corners in both halves, and cards of one half with goals of the other, multiply
    const fh = {
      market: 'TEAM_CORNERS',
      team: 'HOME',
      side: 'OVER',
      line: 2.5,
      period: 'FIRST_HALF',
    } as const;
    const sh = {
      market: 'TEAM_CORNERS',
      team: 'HOME',
      side: 'OVER',
      line: 2.5,
      period: 'SECOND_HALF',
    } as const;
    expect(
      Math.abs(
        prob(fh, sh) - poissonOver(FIRST * CORNERS.HOME, 2.5) * poissonOver(SECOND * CORNERS.HOME, 2.5),
      ),
    ).toBeLessThanOrEqual(COUNT_TOLERANCE);
    const cards = { market: 'TOTAL_CARDS', side: 'OVER', line: 1.5, period: 'SECOND_HALF' } as const;
    const result = { market: 'MATCH_RESULT', selection: 'HOME', period: 'FIRST_HALF' } as const;
    expect(Math.abs(prob(cards, result) - prob(cards) * prob(result))).toBeLessThanOrEqual(COUNT_TOLERANCE);
    const fhGoals = { market: 'TOTAL_GOALS', side: 'OVER', line: 0.5, period: 'FIRST_HALF' } as const;
    const shGoals = { market: 'TOTAL_GOALS', side: 'OVER', line: 1.5, period: 'SECOND_HALF' } as const;
    expect(
      Math.abs(
        prob(fhGoals, shGoals) -
          poissonOver(FIRST * (GOALS.HOME + GOALS.AWAY), 0.5) *
            poissonOver(SECOND * (GOALS.HOME + GOALS.AWAY), 1.5),
      ),
    ).toBeLessThanOrEqual(GOAL_TOLERANCE);
  });
});

describe('first goal and player goals in the neutral model', () => {
  const total = GOALS.HOME + GOALS.AWAY;

  it('prices the first team to score as λh/(λh+λa)·(1 − e^−(λh+λa)) and NONE as e^−(λh+λa)', () => {
    // Prepare
    const none = Math.exp(-total);
    const expected = {
      HOME: (GOALS.HOME / total) * (1 - none),
      AWAY: (GOALS.AWAY / total) * (1 - none),
      NONE: none,
    };
    for (const selection of ['HOME', 'AWAY', 'NONE'] as const) {
      // Act
      const got = prob({ market: 'FIRST_TEAM_TO_SCORE', selection });
      // Assess
      expect(Math.abs(got - expected[selection])).toBeLessThanOrEqual(GOAL_TOLERANCE);
    }
  });

  it.each(Object.keys(P) as (keyof typeof P)[])(
    'prices %s as first goalscorer at P(his team first) × p_i',
    (playerId) => {
      // Prepare
      const team = TEAM_OF[playerId];
      const teamFirst = (GOALS[team] / total) * (1 - Math.exp(-total));
      // Act
      const got = prob({ market: 'PLAYER_FIRST_GOALSCORER', playerId });
      // Assess
      expect(Math.abs(got - teamFirst * P[playerId])).toBeLessThanOrEqual(GOAL_TOLERANCE);
    },
  );

  it.each([1, 2, 3] as const)(
    'gives player goals Binomial(g, p_i) of his team goals g for atLeast %i',
    (k) => {
      for (const playerId of ['saka', 'havertz', 'palmer'] as const) {
        // Prepare
        const team = TEAM_OF[playerId];
        let expected = 0;
        for (let g = 0; g <= MAX_GOALS; g++)
          expected += poissonPmf(GOALS[team], g) * binomialAtLeast(g, P[playerId], k);
        // Act
        const got = prob({ market: 'PLAYER_TO_SCORE', playerId, atLeast: k });
        // Assess
        expect(Math.abs(got - expected)).toBeLessThanOrEqual(GOAL_TOLERANCE);
      }
    },
  );

  it('credits a first goalscorer’s other goals as usual: first goalscorer × player to score 2+', () => {
    // Prepare: given g home and a away goals, the first is home's with probability g/(g+a) (uniform order)
    const homeFirst = (g: number, a: number) => (g + a > 0 ? g / (g + a) : 0);
    const cases: [Leg[], number][] = [
      // Saka first and 2+: one more of the g − 1 others
      [
        [
          { market: 'PLAYER_FIRST_GOALSCORER', playerId: 'saka' },
          { market: 'PLAYER_TO_SCORE', playerId: 'saka', atLeast: 2 },
        ],
        overGoals((g, a) => homeFirst(g, a) * P.saka * binomialAtLeast(g - 1, P.saka, 1)),
      ],
      // Saka first and Havertz 2+: two of the g − 1 others are Havertz's
      [
        [
          { market: 'PLAYER_FIRST_GOALSCORER', playerId: 'saka' },
          { market: 'PLAYER_TO_SCORE', playerId: 'havertz', atLeast: 2 },
        ],
        overGoals((g, a) => homeFirst(g, a) * P.saka * binomialAtLeast(g - 1, P.havertz, 2)),
      ],
      // Saka first and Palmer 2+: the other team's goals
      [
        [
          { market: 'PLAYER_FIRST_GOALSCORER', playerId: 'saka' },
          { market: 'PLAYER_TO_SCORE', playerId: 'palmer', atLeast: 2 },
        ],
        overGoals((g, a) => homeFirst(g, a) * P.saka * binomialAtLeast(a, P.palmer, 2)),
      ],
    ];
    for (const [legs, expected] of cases) {
      // Act / Assess
      expect(Math.abs(prob(...legs) - expected)).toBeLessThanOrEqual(GOAL_TOLERANCE);
    }
  });

  it('prices contradictions at 0: two first goalscorers, NONE with both teams scoring, a first scorer of the other team', () => {
    expect(
      prob(
        { market: 'PLAYER_FIRST_GOALSCORER', playerId: 'saka' },
        { market: 'PLAYER_FIRST_GOALSCORER', playerId: 'palmer' },
      ),
    ).toBe(0);
    expect(
      prob(
        { market: 'FIRST_TEAM_TO_SCORE', selection: 'NONE' },
        { market: 'BOTH_TEAMS_TO_SCORE', selection: 'YES' },
      ),
    ).toBe(0);
    expect(
      prob(
        { market: 'FIRST_TEAM_TO_SCORE', selection: 'AWAY' },
        { market: 'PLAYER_FIRST_GOALSCORER', playerId: 'rice' },
      ),
    ).toBe(0);
    expect(
      prob(
        { market: 'HALF_TIME_FULL_TIME', halfTime: 'HOME', fullTime: 'AWAY' },
        { market: 'MATCH_RESULT', selection: 'DRAW', period: 'FIRST_HALF' },
      ),
    ).toBe(0);
  });
});

describe('HALF_TIME_FULL_TIME', () => {
  it('equals the closed form from the halves’ Skellam differences in the neutral model', () => {
    // Prepare: HT difference D1 and second-half difference D2 independent, FT difference D1 + D2
    const d1 = skellam(FIRST * GOALS.HOME, FIRST * GOALS.AWAY);
    const d2 = skellam(SECOND * GOALS.HOME, SECOND * GOALS.AWAY);
    for (const halfTime of RESULTS)
      for (const fullTime of RESULTS) {
        let expected = 0;
        for (const [x, p] of d1)
          if (resultOf(x) === halfTime)
            for (const [y, q] of d2) if (resultOf(x + y) === fullTime) expected += p * q;
        // Act
        const got = prob({ market: 'HALF_TIME_FULL_TIME', halfTime, fullTime });
        // Assess
        expect({ halfTime, fullTime, ok: Math.abs(got - expected) <= GOAL_TOLERANCE }).toEqual({
          halfTime,
          fullTime,
          ok: true,
        });
      }
  });

  const fullTimeLegs: Leg[] = [
    { market: 'TOTAL_GOALS', side: 'OVER', line: 2.5 },
    { market: 'BOTH_TEAMS_TO_SCORE', selection: 'YES' },
    { market: 'CORRECT_SCORE', home: 1, away: 1 },
    { market: 'PLAYER_TO_SCORE', playerId: 'saka', atLeast: 2 },
    { market: 'TOTAL_CARDS', side: 'OVER', line: 3.5 },
    { market: 'TEAM_CORNERS', team: 'AWAY', side: 'UNDER', line: 4.5 },
    { market: 'PLAYER_TO_BE_CARDED', playerId: 'caicedo' },
  ];

  it.each([
    ['the neutral model', NEUTRAL],
    ['the default model (game state, Dixon–Coles, corner dominance)', undefined],
  ] as const)(
    'summed over its 9 selections × a full-time leg gives that leg’s probability in %s',
    (_name, model) => {
      // Prepare
      const m = modelOf(opinionInput(model));
      for (const leg of fullTimeLegs) {
        // Act: the nine HT/FT selections partition the match
        let sum = 0;
        for (const halfTime of RESULTS)
          for (const fullTime of RESULTS)
            sum += legsProbability(m, [{ market: 'HALF_TIME_FULL_TIME', halfTime, fullTime }, leg]);
        // Assess
        expect({ leg, diff: Math.abs(sum - legsProbability(m, [leg])) <= GOAL_TOLERANCE }).toEqual({
          leg,
          diff: true,
        });
      }
    },
  );
});
