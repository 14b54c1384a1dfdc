/**
 * Benchmark of the pricing model: build time of a full fixture (20 players, game-state effects on) and of the
 * contract's maximal inputs, price time of 6- and 12-leg bets on a built model (the 6-leg set mixes in the v2
 * markets), the time of the whole menu, and the agreement with the reference model (tests/reference) over the
 * reference bet set. Prints tables, then one JSON line (last) for machines.
 * Run: npx nx run pricing-model:bench   (or: cd libs/pricing-model && npx tsx bench/bench.ts)
 * BENCH_BUILDS=n changes the build count; BENCH_REFERENCE=0 skips the reference agreement (about a minute).
 * BENCH_MENU_ONLY=1 times the menu only (one build, then the same warm-up and timed menus; BENCH_MENUS=n timed menus):
 * a short table and a JSON line with the menu keys, for iterating on the menu.
 * BENCH_MAX_INPUTS_ONLY=1 times only the maximal-inputs build (its row and JSON keys; for iterating on it).
 */
import { performance } from 'node:perf_hooks';
import {
  buildFixtureModel,
  buildModelSections,
  fromCoreRecord,
  fromCountsRecord,
  fromHalvesRecord,
  fromRecord,
  legsProbability,
  marketMenu,
  modelByteSize,
  sectionByteSize,
  splitModel,
  toCoreRecord,
  toCountsRecord,
  toHalvesRecord,
  toRecord,
  type ModelRecord,
  parseOpinion,
  price,
  summariseModel,
  type Leg,
  type Opinion,
  type RecordSection,
  type SectionName,
} from '../src/index';
import { ReferenceModel } from '../tests/reference/ReferenceModel';
import { REFERENCE_BETS, REFERENCE_FIXTURES } from '../tests/reference/referenceBets';

const BUILDS = Number(process.env.BENCH_BUILDS ?? 40);
const REFERENCE = process.env.BENCH_REFERENCE !== '0';
const MENU_ONLY = process.env.BENCH_MENU_ONLY === '1';
const MENUS = Number(process.env.BENCH_MENUS ?? 100);
const MAX_INPUT_BUILDS = 5;
const MAX_INPUTS_ONLY = process.env.BENCH_MAX_INPUTS_ONLY === '1';
const IN_PLAY_BUILDS = 15;
const PRICE_BATCHES = 200;
const BATCH = 50;

function quantile(values: number[], q: number): number {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))] as number;
}

function opinion(): Opinion {
  const players = Array.from({ length: 20 }, (_, i) => ({
    playerId: `player-${i}`,
    name: `Player ${i}`,
    team: i < 10 ? ('HOME' as const) : ('AWAY' as const),
    goalShare: [0.3, 0.2, 0.12, 0.1, 0.08, 0.06, 0.04, 0.03, 0.02, 0.01][i % 10] as number,
    cardShare: 0.09,
    expectedMinutes: i % 10 < 8 ? 90 : 60,
  }));
  const r = parseOpinion({
    fixtureId: 'epl-2026-12-05-ars-che',
    status: 'OPEN',
    home: { name: 'Arsenal', goals: 1.5, cards: 1.6, corners: 5.8 },
    away: { name: 'Chelsea', goals: 1.1, cards: 1.8, corners: 4.7 },
    players,
  });
  if (!r.ok) throw new Error(JSON.stringify(r.issues));
  return r.value;
}

/** A machine-speed yardstick: nanoseconds per multiply-add in a plain typed-array loop (load makes it grow). */
function axpyNs(reps = 5000): number {
  const a = new Float64Array(1000);
  const b = new Float64Array(1000).fill(1);
  const t0 = performance.now();
  for (let r = 0; r < reps; r++) {
    for (let i = 0; i < 1000; i++) a[i] = (a[i] as number) + 0.3 * (b[i] as number);
  }
  return ((performance.now() - t0) * 1e6) / (reps * 1000);
}

function betSets(): { six: Leg[][]; twelve: Leg[][] } {
  const p = (i: number) => `player-${i}`;
  const six: Leg[][] = [
    [
      { market: 'MATCH_RESULT', selection: 'HOME' },
      { market: 'TOTAL_GOALS', side: 'OVER', line: 1.5 },
      { market: 'TOTAL_CARDS', side: 'OVER', line: 2.5 },
      { market: 'TOTAL_CORNERS', side: 'OVER', line: 8.5 },
      { market: 'PLAYER_TO_SCORE', playerId: p(0) },
      { market: 'PLAYER_TO_BE_CARDED', playerId: p(12) },
    ],
    [
      { market: 'DOUBLE_CHANCE', selection: 'HOME_OR_DRAW' },
      { market: 'BOTH_TEAMS_TO_SCORE', selection: 'YES' },
      { market: 'TEAM_CARDS', team: 'AWAY', side: 'OVER', line: 1.5 },
      { market: 'TEAM_CORNERS', team: 'HOME', side: 'OVER', line: 4.5 },
      { market: 'TEAM_CORNERS', team: 'AWAY', side: 'OVER', line: 3.5 },
      { market: 'PLAYER_TO_SCORE', playerId: p(10) },
    ],
    // v2 markets in the mix: handicap, clean sheet / win to nil, multi-goal scorers competing for one team's goals.
    [
      { market: 'HANDICAP', team: 'HOME', line: -0.5 },
      { market: 'CLEAN_SHEET', team: 'HOME' },
      { market: 'TOTAL_CARDS', side: 'OVER', line: 2.5 },
      { market: 'TEAM_CORNERS', team: 'HOME', side: 'OVER', line: 4.5 },
      { market: 'PLAYER_TO_SCORE', playerId: p(0), atLeast: 2 },
      { market: 'PLAYER_TO_SCORE', playerId: p(1) },
    ],
    [
      { market: 'WIN_TO_NIL', team: 'HOME' },
      { market: 'HANDICAP', team: 'HOME', line: -1.5 },
      { market: 'TEAM_CARDS', team: 'AWAY', side: 'OVER', line: 1.5 },
      { market: 'TOTAL_CORNERS', side: 'UNDER', line: 12.5 },
      { market: 'PLAYER_TO_SCORE', playerId: p(0) },
      { market: 'PLAYER_TO_BE_CARDED', playerId: p(13) },
    ],
    // periods and the first goal: half-time result × full-time goals, a first goalscorer, half counts.
    [
      { market: 'MATCH_RESULT', selection: 'HOME', period: 'FIRST_HALF' },
      { market: 'TOTAL_GOALS', side: 'OVER', line: 2.5 },
      { market: 'PLAYER_FIRST_GOALSCORER', playerId: p(0) },
      { market: 'TOTAL_CARDS', side: 'OVER', line: 3.5 },
      { market: 'TEAM_CORNERS', team: 'HOME', side: 'OVER', line: 2.5, period: 'SECOND_HALF' },
      { market: 'PLAYER_TO_SCORE', playerId: p(1) },
    ],
    [
      { market: 'HALF_TIME_FULL_TIME', halfTime: 'DRAW', fullTime: 'HOME' },
      { market: 'FIRST_TEAM_TO_SCORE', selection: 'HOME' },
      { market: 'TOTAL_CORNERS', side: 'OVER', line: 4.5, period: 'FIRST_HALF' },
      { market: 'TOTAL_CARDS', side: 'OVER', line: 1.5, period: 'SECOND_HALF' },
      { market: 'BOTH_TEAMS_TO_SCORE', selection: 'NO', period: 'SECOND_HALF' },
      { market: 'PLAYER_TO_BE_CARDED', playerId: p(12) },
    ],
  ];
  const twelve: Leg[][] = [
    [
      ...(six[0] as Leg[]),
      { market: 'TEAM_GOALS', team: 'AWAY', side: 'UNDER', line: 3.5 },
      { market: 'TEAM_CARDS', team: 'HOME', side: 'UNDER', line: 5.5 },
      { market: 'TEAM_CORNERS', team: 'AWAY', side: 'OVER', line: 1.5 },
      { market: 'TOTAL_GOALS', side: 'UNDER', line: 6.5 },
      { market: 'TOTAL_CORNERS', side: 'UNDER', line: 16.5 },
      { market: 'DOUBLE_CHANCE', selection: 'HOME_OR_AWAY' },
    ],
  ];
  return { six, twelve };
}

/** The API contract's maximal inputs: goals 6 v 6, cards 8 v 8, corners 20 v 20, dispersion 3, 40 players. */
function maximalOpinion(): Opinion {
  const r = parseOpinion({
    fixtureId: 'maximal-inputs',
    status: 'OPEN',
    home: { name: 'Home', goals: 6, cards: 8, corners: 20 },
    away: { name: 'Away', goals: 6, cards: 8, corners: 20 },
    players: Array.from({ length: 40 }, (_, i) => ({
      playerId: `player-${i}`,
      name: `Player ${i}`,
      team: i < 20 ? 'HOME' : 'AWAY',
      goalShare: 0.05,
      cardShare: 0.05,
      expectedMinutes: 90,
    })),
    model: { cornersDispersion: 3 },
  });
  if (!r.ok) throw new Error(JSON.stringify(r.issues));
  return r.value;
}

/** max |fast − reference| per reference fixture over the reference bet set. */
function referenceAgreement(): { fixtureId: string; maxDiff: number; worst: string }[] {
  return REFERENCE_FIXTURES.map((input) => {
    const r = parseOpinion(input);
    if (!r.ok) throw new Error(JSON.stringify(r.issues));
    const reference = new ReferenceModel(r.value);
    const fast = buildFixtureModel(r.value);
    let maxDiff = 0;
    let worst = '';
    for (const legs of REFERENCE_BETS) {
      const d = Math.abs(legsProbability(fast, legs) - reference.probability(legs));
      if (d >= maxDiff) {
        maxDiff = d;
        worst = JSON.stringify(legs);
      }
    }
    return { fixtureId: input.fixtureId, maxDiff, worst };
  });
}

/**
 * CPU milliseconds of this process since `from` (process.cpuUsage): on a machine shared with other work the wall time
 * includes waiting for a core, the CPU time does not.
 */
function cpuMs(from: NodeJS.CpuUsage): number {
  const d = process.cpuUsage(from);
  return (d.user + d.system) / 1000;
}

function timePricing(model: ReturnType<typeof buildFixtureModel>, sets: Leg[][]): number[] {
  const perCallUs: number[] = [];
  for (let b = 0; b < PRICE_BATCHES; b++) {
    const legs = sets[b % sets.length] as Leg[];
    const t0 = performance.now();
    for (let i = 0; i < BATCH; i++) price(model, legs);
    perCallUs.push(((performance.now() - t0) * 1000) / BATCH);
  }
  return perCallUs;
}

/**
 * Bets with a half's count leg and full-time count legs of the same process needing one count (a total, a team, a
 * carded player), two counts (home + away, home + total, away + total) or all three: their halves' counts are summed
 * per (node, slot) pair, the period path's costliest step.
 */
function countPairBets(): { one: Leg[][]; two: Leg[][]; three: Leg[][] } {
  const p = (i: number) => `player-${i}`;
  return {
    one: [
      [
        { market: 'MATCH_RESULT', selection: 'HOME' },
        { market: 'TOTAL_CARDS', side: 'OVER', line: 3.5 },
        { market: 'TOTAL_CARDS', side: 'OVER', line: 1.5, period: 'FIRST_HALF' },
      ],
      [
        { market: 'TOTAL_GOALS', side: 'OVER', line: 2.5 },
        { market: 'PLAYER_TO_BE_CARDED', playerId: p(0) },
        { market: 'TEAM_CARDS', team: 'HOME', side: 'OVER', line: 0.5, period: 'SECOND_HALF' },
      ],
      [
        { market: 'TOTAL_CORNERS', side: 'OVER', line: 9.5 },
        { market: 'TEAM_CORNERS', team: 'HOME', side: 'OVER', line: 2.5, period: 'FIRST_HALF' },
      ],
    ],
    two: [
      [
        { market: 'MATCH_RESULT', selection: 'HOME' },
        { market: 'TEAM_CARDS', team: 'HOME', side: 'OVER', line: 1.5 },
        { market: 'TEAM_CARDS', team: 'AWAY', side: 'OVER', line: 1.5 },
        { market: 'TOTAL_CARDS', side: 'OVER', line: 1.5, period: 'FIRST_HALF' },
      ],
      [
        { market: 'CORRECT_SCORE', home: 1, away: 1 },
        { market: 'TOTAL_CARDS', side: 'OVER', line: 3.5 },
        { market: 'PLAYER_TO_BE_CARDED', playerId: p(0) },
        { market: 'TEAM_CARDS', team: 'HOME', side: 'OVER', line: 0.5, period: 'FIRST_HALF' },
      ],
      [
        { market: 'TOTAL_GOALS', side: 'OVER', line: 2.5 },
        { market: 'TOTAL_CORNERS', side: 'OVER', line: 9.5 },
        { market: 'TEAM_CORNERS', team: 'AWAY', side: 'OVER', line: 3.5 },
        { market: 'TEAM_CORNERS', team: 'HOME', side: 'OVER', line: 2.5, period: 'SECOND_HALF' },
      ],
    ],
    three: [
      [
        { market: 'BOTH_TEAMS_TO_SCORE', selection: 'YES' },
        { market: 'TOTAL_CARDS', side: 'OVER', line: 3.5 },
        { market: 'PLAYER_TO_BE_CARDED', playerId: p(0) },
        { market: 'PLAYER_TO_BE_CARDED', playerId: p(12) },
        { market: 'TOTAL_CARDS', side: 'OVER', line: 1.5, period: 'FIRST_HALF' },
      ],
    ],
  };
}

/** µs per price of each bet (one warm-up call, then `reps` timed): all the timings of the set. */
function timeEach(model: ReturnType<typeof buildFixtureModel>, sets: Leg[][], reps = 15): number[] {
  const us: number[] = [];
  for (const legs of sets) {
    price(model, legs);
    for (let i = 0; i < reps; i++) {
      const t0 = performance.now();
      price(model, legs);
      us.push((performance.now() - t0) * 1000);
    }
  }
  return us;
}

/** The whole menu of a built model: 20 warm-up menus, then `count` timed (wall and CPU ms per menu). */
function timeMenus(
  model: ReturnType<typeof buildFixtureModel>,
  count: number,
): { wall: number[]; cpu: number[] } {
  for (let i = 0; i < 20; i++) marketMenu(model);
  const wall: number[] = [];
  const cpu: number[] = [];
  for (let i = 0; i < count; i++) {
    const s = performance.now();
    const c = process.cpuUsage();
    marketMenu(model);
    wall.push(performance.now() - s);
    cpu.push(cpuMs(c));
  }
  return { wall, cpu };
}

/**
 * The first menu of each of `count` freshly built models (ms): what the markets route computes once per model
 * version, including the per-model sums the single-leg pricing routes compute on first use.
 */
function timeFirstMenus(input: Opinion, count: number): number[] {
  const firsts: number[] = [];
  for (let i = 0; i < count; i++) {
    const fresh = buildFixtureModel(input);
    const s = performance.now();
    marketMenu(fresh);
    firsts.push(performance.now() - s);
  }
  return firsts;
}

/**
 * Microseconds (p50) of rebuilding a model from its record — the whole record, the core's, the halves' (what a cache
 * read does after the bytes are decoded into a record; the arrays are not copied).
 */
function recordDecodeUs(model: ReturnType<typeof buildFixtureModel>): {
  whole: number;
  core: number;
  counts: number;
  halves: number;
} {
  const { core, cards, halves } = splitModel(model);
  const time = (record: ModelRecord, from: (r: ModelRecord) => unknown) => {
    const times: number[] = [];
    for (let i = 0; i < 300; i++) {
      const s = performance.now();
      from(record);
      times.push((performance.now() - s) * 1000);
    }
    return +quantile(times, 0.5).toFixed(1);
  };
  return {
    whole: time(toRecord(model), fromRecord),
    core: time(toCoreRecord(core), fromCoreRecord),
    counts: time(toCountsRecord(cards), fromCountsRecord),
    halves: time(toHalvesRecord(halves), fromHalvesRecord),
  };
}

/** BENCH_MENU_ONLY=1: the menu of the bench fixture only. */
function menuOnly(): void {
  const input = opinion();
  const model = buildFixtureModel(input);
  const yardstickBefore = axpyNs();
  const { wall, cpu } = timeMenus(model, MENUS);
  const firsts = timeFirstMenus(input, 10);
  const yardstickAfter = axpyNs();
  const menuSelections = marketMenu(model).reduce((n, m) => n + m.selections.length, 0);
  const result = {
    bench: 'pricing-model-menu',
    menuMsP50: +quantile(wall, 0.5).toFixed(2),
    menuMsP95: +quantile(wall, 0.95).toFixed(2),
    menuMsMin: +Math.min(...wall).toFixed(2),
    menuCpuMsP50: +quantile(cpu, 0.5).toFixed(2),
    menuFirstMsP50: +quantile(firsts, 0.5).toFixed(2),
    menuSelections,
    menus: MENUS,
    axpyNsBefore: +yardstickBefore.toFixed(3),
    axpyNsAfter: +yardstickAfter.toFixed(3),
    node: process.version,
  };
  console.log(
    `pricing-model menu benchmark: ${MENUS} menus of the 20-player fixture, node ${process.version}`,
  );
  console.log(
    `  menu p50 / p95 / min (ms), CPU p50 (ms)  ${result.menuMsP50} / ${result.menuMsP95} / ${result.menuMsMin}, ${result.menuCpuMsP50}`,
  );
  console.log(`  first menu of a fresh model p50 (ms)     ${result.menuFirstMsP50}`);
  console.log(`  selections                              ${menuSelections}`);
  console.log(`  machine yardstick before / after (ns)   ${result.axpyNsBefore} / ${result.axpyNsAfter}`);
  console.log(JSON.stringify(result));
}

/** Wall and CPU milliseconds of `builds` builds of the maximal inputs (after one untimed build). */
function timeMaximalInputs(builds: number): {
  maxBuilds: number[];
  maxBuildsCpu: number[];
  maxModel: ReturnType<typeof buildFixtureModel>;
} {
  const maximal = maximalOpinion();
  const maxBuilds: number[] = [];
  const maxBuildsCpu: number[] = [];
  let maxModel = buildFixtureModel(maximal);
  for (let i = 0; i < builds; i++) {
    const s = performance.now();
    const c = process.cpuUsage();
    maxModel = buildFixtureModel(maximal);
    maxBuilds.push(performance.now() - s);
    maxBuildsCpu.push(cpuMs(c));
  }
  return { maxBuilds, maxBuildsCpu, maxModel };
}

/** BENCH_MAX_INPUTS_ONLY=1: the maximal-inputs build alone (more builds, the same JSON keys as the full run). */
function maxInputsOnly(): void {
  const { maxBuilds, maxBuildsCpu, maxModel } = timeMaximalInputs(Number(process.env.BENCH_BUILDS ?? 15));
  const result = {
    bench: 'pricing-model',
    buildMaxInputsMs: +quantile(maxBuilds, 0.5).toFixed(1),
    buildMaxInputsCpuMs: +quantile(maxBuildsCpu, 0.5).toFixed(1),
    maxInputsModelBytes: modelByteSize(maxModel),
    builds: maxBuilds.length,
    node: process.version,
  };
  console.log(
    `pricing-model benchmark, maximal inputs only: ${result.builds} builds, node ${process.version}\n` +
      `  maximal inputs: build p50 wall / CPU (ms), model size (bytes)  ${result.buildMaxInputsMs} / ` +
      `${result.buildMaxInputsCpuMs}, ${result.maxInputsModelBytes}`,
  );
  console.log(JSON.stringify(result));
}

function main(): void {
  if (MAX_INPUTS_ONLY) return maxInputsOnly();
  const input = opinion();
  const yardstickBefore = axpyNs();
  const t0 = performance.now();
  const first = buildFixtureModel(input);
  const coldBuildMs = performance.now() - t0;
  for (let i = 0; i < 3; i++) buildFixtureModel(input);
  const builds: number[] = [];
  const buildsCpu: number[] = [];
  const sections: Record<SectionName, number[]> = { goals: [], cards: [], corners: [], players: [] };
  let model = first;
  const buildOps: number[] = [];
  for (let i = 0; i < BUILDS; i++) {
    // Yardstick right before each build: build time / (ns per multiply-add) is a load-independent cost.
    const ns = axpyNs(1000);
    const s = performance.now();
    const c = process.cpuUsage();
    model = buildFixtureModel(input);
    builds.push(performance.now() - s);
    buildsCpu.push(cpuMs(c));
    buildOps.push((builds[i] as number) / ns);
    for (const name of Object.keys(sections) as SectionName[]) sections[name].push(model.timingsMs[name]);
  }
  const { six, twelve } = betSets();
  for (const legs of [...six, ...twelve]) price(model, legs); // warm-up, and proves the bets are priceable
  timePricing(model, six);
  const six6 = timePricing(model, six);
  const twelve12 = timePricing(model, twelve);
  const pairBets = countPairBets();
  const pairs1 = timeEach(model, pairBets.one);
  const pairs2 = timeEach(model, pairBets.two);
  const pairs3 = timeEach(model, pairBets.three);
  // The whole menu (every selection priced once) from the built model, as the markets route computes it per model.
  const menus = timeMenus(model, 100).wall;
  const firstMenus = timeFirstMenus(input, 10);
  const menuSelections = marketMenu(model).reduce((n, m) => n + m.selections.length, 0);
  const { maxBuilds, maxBuildsCpu, maxModel } = timeMaximalInputs(MAX_INPUT_BUILDS);
  // In-play builds from a state at minutes 0, 45 and 80 (the kick-off calibration cached, as on every update after
  // the first): a later start runs fewer steps.
  const inPlayAt = (minute: number): Opinion => {
    const late = minute >= 47;
    return {
      ...input,
      inPlay: {
        minute,
        score: { home: minute > 0 ? 1 : 0, away: 0 },
        cards: { home: minute > 0 ? 1 : 0, away: late ? 1 : 0 },
        corners: { home: Math.round(minute / 10), away: Math.round(minute / 15) },
        ...(late
          ? {
              firstHalf: {
                score: { home: 1, away: 0 },
                cards: { home: 1, away: 0 },
                corners: { home: 4, away: 3 },
              },
            }
          : {}),
        ...(minute > 0 ? { firstGoal: { team: 'HOME' as const } } : {}),
        players: [],
      },
    };
  };
  const inPlayMs = (minute: number) => {
    const state = inPlayAt(minute);
    buildFixtureModel(state);
    const times: number[] = [];
    for (let i = 0; i < IN_PLAY_BUILDS; i++) {
      const s = performance.now();
      buildFixtureModel(state);
      times.push(performance.now() - s);
    }
    return +quantile(times, 0.5).toFixed(2);
  };
  const inPlayBuild = { m0: inPlayMs(0), m45: inPlayMs(45), m80: inPlayMs(80) };
  // What a price that has to build a version builds (ADR 0035): the core alone, or with one full-time count table.
  const sectionsMs = (o: Opinion, sections: readonly RecordSection[]) => {
    buildModelSections(o, sections);
    const times: number[] = [];
    for (let i = 0; i < IN_PLAY_BUILDS; i++) {
      const s = performance.now();
      buildModelSections(o, sections);
      times.push(performance.now() - s);
    }
    return +quantile(times, 0.5).toFixed(2);
  };
  const inPlay45 = inPlayAt(45);
  const sectionBuild = {
    core: sectionsMs(input, ['core']),
    cards: sectionsMs(input, ['core', 'cards']),
    corners: sectionsMs(input, ['core', 'corners']),
    whole: sectionsMs(input, ['core', 'halves']),
    inPlayCore: sectionsMs(inPlay45, ['core']),
    inPlayWhole: sectionsMs(inPlay45, ['core', 'halves']),
  };
  const cached = splitModel(model);
  const decodeUs = recordDecodeUs(model);
  const yardstickAfter = axpyNs();
  const summary = summariseModel(model);
  const agreement = REFERENCE ? referenceAgreement() : [];

  const result = {
    bench: 'pricing-model',
    buildMsP50: +quantile(builds, 0.5).toFixed(2),
    buildMsP95: +quantile(builds, 0.95).toFixed(2),
    buildMsMin: +Math.min(...builds).toFixed(2),
    buildCpuMsP50: +quantile(buildsCpu, 0.5).toFixed(2),
    buildMegaMultiplyAddsP50: +quantile(buildOps, 0.5).toFixed(1),
    coldBuildMs: +coldBuildMs.toFixed(1),
    goalsMsP50: +quantile(sections.goals, 0.5).toFixed(2),
    cardsMsP50: +quantile(sections.cards, 0.5).toFixed(2),
    cornersMsP50: +quantile(sections.corners, 0.5).toFixed(2),
    playersMsP50: +quantile(sections.players, 0.5).toFixed(3),
    price6LegUsP50: +quantile(six6, 0.5).toFixed(2),
    price6LegUsP95: +quantile(six6, 0.95).toFixed(2),
    price6LegUsMin: +Math.min(...six6).toFixed(2),
    price12LegUsP50: +quantile(twelve12, 0.5).toFixed(2),
    price12LegUsP95: +quantile(twelve12, 0.95).toFixed(2),
    priceCountPairs1UsP50: +quantile(pairs1, 0.5).toFixed(1),
    priceCountPairs2UsP50: +quantile(pairs2, 0.5).toFixed(1),
    priceCountPairs3UsP50: +quantile(pairs3, 0.5).toFixed(1),
    menuMsP50: +quantile(menus, 0.5).toFixed(2),
    menuFirstMsP50: +quantile(firstMenus, 0.5).toFixed(2),
    menuMsP95: +quantile(menus, 0.95).toFixed(2),
    menuSelections,
    modelBytes: modelByteSize(model),
    coreBytes: sectionByteSize(cached.core),
    cardsBytes: sectionByteSize(cached.cards),
    cornersBytes: sectionByteSize(cached.corners),
    halvesBytes: sectionByteSize(cached.halves),
    fromRecordUsP50: decodeUs.whole,
    fromCoreRecordUsP50: decodeUs.core,
    fromCountsRecordUsP50: decodeUs.counts,
    fromHalvesRecordUsP50: decodeUs.halves,
    buildMaxInputsMs: +quantile(maxBuilds, 0.5).toFixed(1),
    inPlayBuildMsP50Minute0: inPlayBuild.m0,
    inPlayBuildMsP50Minute45: inPlayBuild.m45,
    inPlayBuildMsP50Minute80: inPlayBuild.m80,
    sectionsBuildMsP50Core: sectionBuild.core,
    sectionsBuildMsP50CoreCards: sectionBuild.cards,
    sectionsBuildMsP50CoreCorners: sectionBuild.corners,
    sectionsBuildMsP50Whole: sectionBuild.whole,
    sectionsBuildMsP50InPlayCore: sectionBuild.inPlayCore,
    sectionsBuildMsP50InPlayWhole: sectionBuild.inPlayWhole,
    buildMaxInputsCpuMs: +quantile(maxBuildsCpu, 0.5).toFixed(1),
    maxInputsModelBytes: modelByteSize(maxModel),
    maxRefDiff: REFERENCE ? +Math.max(...agreement.map((a) => a.maxDiff)).toExponential(2) : null,
    builds: BUILDS,
    players: input.players.length,
    axpyNsBefore: +yardstickBefore.toFixed(3),
    axpyNsAfter: +yardstickAfter.toFixed(3),
    cardsCorrelation: +summary.cards.correlation.toFixed(3),
    cornersCorrelation: +summary.corners.correlation.toFixed(3),
    node: process.version,
  };
  const rows: [string, string][] = [
    ['build p50 / p95 (ms)', `${result.buildMsP50} / ${result.buildMsP95}`],
    ['build min (ms)', `${result.buildMsMin}`],
    ['build CPU time p50 (ms)', `${result.buildCpuMsP50}`],
    ['build cost p50 (millions of yardstick multiply-adds)', `${result.buildMegaMultiplyAddsP50}`],
    ['first (cold) build (ms)', `${result.coldBuildMs}`],
    [
      'sections p50 goals / cards / corners / players (ms)',
      `${result.goalsMsP50} / ${result.cardsMsP50} / ${result.cornersMsP50} / ${result.playersMsP50}`,
    ],
    [
      'price 6 legs p50 / p95 / min (µs)',
      `${result.price6LegUsP50} / ${result.price6LegUsP95} / ${result.price6LegUsMin}`,
    ],
    ['price 12 legs p50 / p95 (µs)', `${result.price12LegUsP50} / ${result.price12LegUsP95}`],
    [
      'price, a half count leg + full-time count legs on one / two / three counts p50 (µs)',
      `${result.priceCountPairs1UsP50} / ${result.priceCountPairs2UsP50} / ${result.priceCountPairs3UsP50}`,
    ],
    ['menu p50 / p95 (ms), selections', `${result.menuMsP50} / ${result.menuMsP95}, ${menuSelections}`],
    ['first menu of a fresh model p50 (ms)', `${result.menuFirstMsP50}`],
    [
      'model size (bytes): whole / core / cards / corners / halves',
      `${result.modelBytes} / ${result.coreBytes} / ${result.cardsBytes} / ${result.cornersBytes} / ${result.halvesBytes}`,
    ],
    [
      'from record p50 (µs): whole / core / cards / halves',
      `${result.fromRecordUsP50} / ${result.fromCoreRecordUsP50} / ${result.fromCountsRecordUsP50} / ${result.fromHalvesRecordUsP50}`,
    ],
    [
      'maximal inputs: build p50 wall / CPU (ms), model size (bytes)',
      `${result.buildMaxInputsMs} / ${result.buildMaxInputsCpuMs}, ${result.maxInputsModelBytes}`,
    ],
    [
      'in-play build p50 at minute 0 / 45 / 80 (ms)',
      `${result.inPlayBuildMsP50Minute0} / ${result.inPlayBuildMsP50Minute45} / ${result.inPlayBuildMsP50Minute80}`,
    ],
    [
      'sections build p50 (ms): core / core + cards / core + corners / every section',
      `${result.sectionsBuildMsP50Core} / ${result.sectionsBuildMsP50CoreCards} / ${result.sectionsBuildMsP50CoreCorners} / ${result.sectionsBuildMsP50Whole}`,
    ],
    [
      'in-play (minute 45) sections build p50 (ms): core / every section',
      `${result.sectionsBuildMsP50InPlayCore} / ${result.sectionsBuildMsP50InPlayWhole}`,
    ],
    ['max |fast − reference| over the reference bets', `${result.maxRefDiff ?? 'skipped'}`],
    [
      'machine yardstick before / after (ns per multiply-add)',
      `${result.axpyNsBefore} / ${result.axpyNsAfter}`,
    ],
  ];
  const width = Math.max(...rows.map(([k]) => k.length));
  console.log(
    `pricing-model benchmark: ${BUILDS} builds of a 20-player fixture (game state on), node ${process.version}`,
  );
  for (const [k, v] of rows) console.log(`  ${k.padEnd(width)}  ${v}`);
  if (agreement.length > 0) {
    console.log(
      `reference agreement (${REFERENCE_BETS.length} bets per fixture): max |fast − reference|, worst bet`,
    );
    for (const a of agreement)
      console.log(`  ${a.fixtureId.padEnd(20)}  ${a.maxDiff.toExponential(2)}  ${a.worst}`);
  }
  console.log(JSON.stringify(result));
}

if (MENU_ONLY) menuOnly();
else main();
