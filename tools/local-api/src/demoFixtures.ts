import { CONTRACT_EXAMPLE_OPINION, type Opinion } from '@betbuilder/pricing-model';
import DEMO_DATA from './demoData.json';

type Side = 'HOME' | 'AWAY';

interface DemoPlayer {
  readonly id: string;
  readonly name: string;
  /** Share of the team's goals while on the pitch. */
  readonly goal: number;
  /** Share of the team's cards while on the pitch. */
  readonly card: number;
  readonly minutes: number;
}

interface DemoTeam {
  readonly code: string;
  readonly name: string;
  /** Goals scored / conceded per game relative to the league average. */
  readonly attack: number;
  readonly defence: number;
  readonly cards: number;
  readonly corners: number;
  readonly players: readonly DemoPlayer[];
}

/** A squad as `demoData.json` lists it: the team's figures, each player as `[id, name, goal, card, minutes]`. */
interface SquadData {
  readonly name: string;
  readonly attack: number;
  readonly defence: number;
  readonly cards: number;
  readonly corners: number;
  readonly players: readonly (readonly (string | number)[])[];
}

/** One `[id, name, goal, card, minutes]` row; a row of another shape is a broken data file. */
function player(row: readonly (string | number)[]): DemoPlayer {
  const [id, name, goal, card, minutes] = row;
  if (
    row.length !== 5 ||
    typeof id !== 'string' ||
    typeof name !== 'string' ||
    typeof goal !== 'number' ||
    typeof card !== 'number' ||
    typeof minutes !== 'number'
  )
    throw new Error(`demoData.json: a player is [id, name, goal, card, minutes], got ${JSON.stringify(row)}`);
  return { id, name, goal, card, minutes };
}

/** Real-looking squads (data, kept as JSON); shares of one team sum to well under 1 (the rest is "anyone else"). */
function teams(squads: Readonly<Record<string, SquadData>>): Record<string, DemoTeam> {
  return Object.fromEntries(
    Object.entries(squads).map(([code, { players, ...figures }]) => [
      code,
      { code, ...figures, players: players.map(player) },
    ]),
  );
}

const EPL = teams(DEMO_DATA.epl);
const LALIGA = teams(DEMO_DATA.laliga);

/** A round's `[home, away, kickoff]` rows; a row of another shape is a broken data file. */
function round(rows: readonly (readonly string[])[]): (readonly [string, string, string])[] {
  return rows.map((row) => {
    const [home, away, kickoff] = row;
    if (row.length !== 3 || home === undefined || away === undefined || kickoff === undefined)
      throw new Error(`demoData.json: a fixture is [home, away, kickoff], got ${JSON.stringify(row)}`);
    return [home, away, kickoff] as const;
  });
}

// Weekend kick-offs; one fixture per pairing.
const EPL_ROUND = round(DEMO_DATA.rounds.epl);
const LALIGA_ROUND = round(DEMO_DATA.rounds.laliga);

const round2 = (x: number) => Math.round(x * 100) / 100;

function fixture(
  prefix: string,
  competition: string,
  leagueGoals: number,
  homeTeam: DemoTeam,
  awayTeam: DemoTeam,
  kickoff: string,
): Opinion {
  const day = kickoff.slice(0, 10);
  const players = (team: DemoTeam, side: Side) =>
    team.players.map((pl) => ({
      playerId: pl.id,
      name: pl.name,
      team: side,
      goalShare: pl.goal,
      cardShare: pl.card,
      expectedMinutes: pl.minutes,
    }));
  // Home advantage ~ +12% goals, visitors collect slightly more cards.
  const goals = (att: DemoTeam, def: DemoTeam, home: boolean) =>
    round2(Math.min(6, Math.max(0.05, leagueGoals * att.attack * def.defence * (home ? 1.12 : 0.9))));
  const opinion: Opinion = {
    fixtureId: `${prefix}-${day}-${homeTeam.code}-${awayTeam.code}`,
    competition,
    kickoff,
    status: 'OPEN',
    home: {
      name: homeTeam.name,
      goals: goals(homeTeam, awayTeam, true),
      cards: round2(homeTeam.cards * 0.95),
      corners: round2(homeTeam.corners * 1.05),
    },
    away: {
      name: awayTeam.name,
      goals: goals(awayTeam, homeTeam, false),
      cards: round2(awayTeam.cards * 1.05),
      corners: round2(awayTeam.corners * 0.92),
    },
    players: [...players(homeTeam, 'HOME'), ...players(awayTeam, 'AWAY')],
    model: { dixonColesRho: -0.1, gameState: true, cornersDispersion: 1.15 },
  };
  return opinion;
}

function team(table: Record<string, DemoTeam>, code: string): DemoTeam {
  const t = table[code];
  if (!t) throw new Error(`unknown demo team '${code}'`);
  return t;
}

/**
 * The contract's example fixture as api-contract.md shows it (so its curl examples work as written), but with the
 * demo squads of Arsenal and Chelsea (12 players, Saka and Palmer among them) instead of the contract's one player.
 */
const CONTRACT_EXAMPLE: Opinion = {
  ...structuredClone(CONTRACT_EXAMPLE_OPINION),
  players: fixture('epl', 'Premier League', 1.4, team(EPL, 'ars'), team(EPL, 'che'), '2026-12-05T15:00:00Z')
    .players,
};

/**
 * Twenty demo opinions (ten Premier League, ten LaLiga), 10–12 players each, seeded by `npm start`.
 * The first is the API contract's example `epl-2026-12-05-ars-che` (Arsenal v Chelsea, with Saka).
 */
export const DEMO_FIXTURES: readonly Opinion[] = [
  CONTRACT_EXAMPLE,
  ...EPL_ROUND.slice(1).map(([h, a, k]) =>
    fixture('epl', 'Premier League', 1.4, team(EPL, h), team(EPL, a), k),
  ),
  ...LALIGA_ROUND.map(([h, a, k]) => fixture('laliga', 'LaLiga', 1.3, team(LALIGA, h), team(LALIGA, a), k)),
];
