import { CONTRACT_EXAMPLE_OPINION, type Opinion } from '@betbuilder/pricing-model';

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

const p = (id: string, name: string, goal: number, card: number, minutes: number): DemoPlayer => ({
  id,
  name,
  goal,
  card,
  minutes,
});

// Real-looking squads; shares of one team sum to well under 1 (the rest is "anyone else").
const EPL: Record<string, DemoTeam> = {
  ars: {
    code: 'ars',
    name: 'Arsenal',
    attack: 1.25,
    defence: 0.7,
    cards: 1.6,
    corners: 5.8,
    players: [
      p('saka', 'Bukayo Saka', 0.35, 0.25, 90),
      p('havertz', 'Kai Havertz', 0.22, 0.12, 80),
      p('odegaard', 'Martin Odegaard', 0.1, 0.1, 85),
      p('martinelli', 'Gabriel Martinelli', 0.14, 0.08, 70),
      p('rice', 'Declan Rice', 0.06, 0.18, 90),
      p('gabriel', 'Gabriel Magalhaes', 0.05, 0.15, 90),
    ],
  },
  che: {
    code: 'che',
    name: 'Chelsea',
    attack: 1.1,
    defence: 0.95,
    cards: 1.8,
    corners: 4.7,
    players: [
      p('palmer', 'Cole Palmer', 0.33, 0.12, 90),
      p('jackson', 'Nicolas Jackson', 0.24, 0.14, 80),
      p('madueke', 'Noni Madueke', 0.1, 0.08, 65),
      p('enzo', 'Enzo Fernandez', 0.07, 0.2, 85),
      p('caicedo', 'Moises Caicedo', 0.03, 0.22, 90),
      p('neto', 'Pedro Neto', 0.09, 0.08, 60),
    ],
  },
  liv: {
    code: 'liv',
    name: 'Liverpool',
    attack: 1.35,
    defence: 0.75,
    cards: 1.5,
    corners: 6.2,
    players: [
      p('salah', 'Mohamed Salah', 0.38, 0.06, 90),
      p('nunez', 'Darwin Nunez', 0.18, 0.16, 60),
      p('diaz', 'Luis Diaz', 0.15, 0.1, 75),
      p('gakpo', 'Cody Gakpo', 0.12, 0.08, 70),
      p('mac-allister', 'Alexis Mac Allister', 0.05, 0.2, 85),
      p('van-dijk', 'Virgil van Dijk', 0.04, 0.1, 90),
    ],
  },
  mci: {
    code: 'mci',
    name: 'Manchester City',
    attack: 1.4,
    defence: 0.75,
    cards: 1.4,
    corners: 7.1,
    players: [
      p('haaland', 'Erling Haaland', 0.42, 0.08, 85),
      p('foden', 'Phil Foden', 0.14, 0.06, 80),
      p('de-bruyne', 'Kevin De Bruyne', 0.1, 0.08, 70),
      p('bernardo', 'Bernardo Silva', 0.07, 0.14, 85),
      p('rodri', 'Rodri', 0.05, 0.22, 90),
      p('doku', 'Jeremy Doku', 0.06, 0.06, 55),
    ],
  },
  tot: {
    code: 'tot',
    name: 'Tottenham Hotspur',
    attack: 1.15,
    defence: 1.1,
    cards: 2.0,
    corners: 5.5,
    players: [
      p('son', 'Son Heung-min', 0.28, 0.06, 85),
      p('solanke', 'Dominic Solanke', 0.25, 0.12, 85),
      p('maddison', 'James Maddison', 0.11, 0.14, 75),
      p('kulusevski', 'Dejan Kulusevski', 0.1, 0.12, 80),
      p('romero', 'Cristian Romero', 0.03, 0.26, 90),
    ],
  },
  mun: {
    code: 'mun',
    name: 'Manchester United',
    attack: 0.95,
    defence: 1.05,
    cards: 2.1,
    corners: 5.2,
    players: [
      p('fernandes', 'Bruno Fernandes', 0.24, 0.2, 90),
      p('hojlund', 'Rasmus Hojlund', 0.26, 0.1, 75),
      p('garnacho', 'Alejandro Garnacho', 0.15, 0.1, 70),
      p('rashford', 'Marcus Rashford', 0.14, 0.06, 60),
      p('casemiro', 'Casemiro', 0.04, 0.24, 70),
    ],
  },
  new: {
    code: 'new',
    name: 'Newcastle United',
    attack: 1.1,
    defence: 0.95,
    cards: 1.9,
    corners: 5.6,
    players: [
      p('isak', 'Alexander Isak', 0.36, 0.08, 85),
      p('gordon', 'Anthony Gordon', 0.16, 0.12, 85),
      p('guimaraes', 'Bruno Guimaraes', 0.08, 0.22, 90),
      p('barnes', 'Harvey Barnes', 0.1, 0.06, 55),
      p('joelinton', 'Joelinton', 0.07, 0.2, 80),
    ],
  },
  avl: {
    code: 'avl',
    name: 'Aston Villa',
    attack: 1.05,
    defence: 1.0,
    cards: 2.0,
    corners: 5.3,
    players: [
      p('watkins', 'Ollie Watkins', 0.34, 0.08, 88),
      p('rogers', 'Morgan Rogers', 0.13, 0.1, 85),
      p('mcginn', 'John McGinn', 0.09, 0.22, 85),
      p('bailey', 'Leon Bailey', 0.1, 0.06, 60),
      p('tielemans', 'Youri Tielemans', 0.06, 0.16, 80),
    ],
  },
  bha: {
    code: 'bha',
    name: 'Brighton & Hove Albion',
    attack: 1.0,
    defence: 1.05,
    cards: 1.9,
    corners: 5.4,
    players: [
      p('welbeck', 'Danny Welbeck', 0.2, 0.08, 70),
      p('mitoma', 'Kaoru Mitoma', 0.15, 0.06, 80),
      p('joao-pedro', 'Joao Pedro', 0.22, 0.14, 80),
      p('baleba', 'Carlos Baleba', 0.04, 0.24, 85),
      p('minteh', 'Yankuba Minteh', 0.09, 0.08, 65),
    ],
  },
  whu: {
    code: 'whu',
    name: 'West Ham United',
    attack: 0.9,
    defence: 1.15,
    cards: 2.2,
    corners: 4.8,
    players: [
      p('bowen', 'Jarrod Bowen', 0.3, 0.1, 90),
      p('kudus', 'Mohammed Kudus', 0.17, 0.16, 80),
      p('paqueta', 'Lucas Paqueta', 0.1, 0.24, 85),
      p('fullkrug', 'Niclas Fullkrug', 0.16, 0.08, 55),
      p('soucek', 'Tomas Soucek', 0.09, 0.16, 85),
    ],
  },
};

const LALIGA: Record<string, DemoTeam> = {
  rma: {
    code: 'rma',
    name: 'Real Madrid',
    attack: 1.4,
    defence: 0.7,
    cards: 2.0,
    corners: 6.0,
    players: [
      p('mbappe', 'Kylian Mbappe', 0.38, 0.08, 88),
      p('vinicius', 'Vinicius Junior', 0.22, 0.14, 85),
      p('bellingham', 'Jude Bellingham', 0.16, 0.14, 88),
      p('rodrygo', 'Rodrygo', 0.1, 0.06, 70),
      p('valverde', 'Federico Valverde', 0.06, 0.12, 90),
      p('tchouameni', 'Aurelien Tchouameni', 0.02, 0.2, 80),
    ],
  },
  bar: {
    code: 'bar',
    name: 'FC Barcelona',
    attack: 1.45,
    defence: 0.8,
    cards: 2.1,
    corners: 6.3,
    players: [
      p('lewandowski', 'Robert Lewandowski', 0.36, 0.1, 85),
      p('raphinha', 'Raphinha', 0.2, 0.12, 88),
      p('yamal', 'Lamine Yamal', 0.15, 0.08, 85),
      p('pedri', 'Pedri', 0.06, 0.14, 80),
      p('olmo', 'Dani Olmo', 0.09, 0.06, 65),
      p('gavi', 'Gavi', 0.03, 0.2, 60),
    ],
  },
  atm: {
    code: 'atm',
    name: 'Atletico Madrid',
    attack: 1.15,
    defence: 0.75,
    cards: 2.4,
    corners: 5.0,
    players: [
      p('griezmann', 'Antoine Griezmann', 0.26, 0.08, 85),
      p('alvarez', 'Julian Alvarez', 0.3, 0.08, 85),
      p('sorloth', 'Alexander Sorloth', 0.14, 0.1, 45),
      p('de-paul', 'Rodrigo De Paul', 0.04, 0.24, 85),
      p('koke', 'Koke', 0.03, 0.18, 75),
    ],
  },
  ath: {
    code: 'ath',
    name: 'Athletic Club',
    attack: 1.05,
    defence: 0.9,
    cards: 2.3,
    corners: 5.6,
    players: [
      p('williams-i', 'Inaki Williams', 0.22, 0.08, 85),
      p('williams-n', 'Nico Williams', 0.18, 0.1, 85),
      p('guruzeta', 'Gorka Guruzeta', 0.2, 0.1, 70),
      p('sancet', 'Oihan Sancet', 0.12, 0.08, 75),
      p('vivian', 'Dani Vivian', 0.03, 0.22, 90),
    ],
  },
  vil: {
    code: 'vil',
    name: 'Villarreal',
    attack: 1.1,
    defence: 1.1,
    cards: 2.2,
    corners: 5.1,
    players: [
      p('moreno', 'Gerard Moreno', 0.25, 0.06, 70),
      p('baena', 'Alex Baena', 0.14, 0.16, 85),
      p('perez', 'Ayoze Perez', 0.2, 0.08, 75),
      p('parejo', 'Dani Parejo', 0.05, 0.2, 80),
      p('pepe', 'Nicolas Pepe', 0.12, 0.08, 65),
    ],
  },
  rso: {
    code: 'rso',
    name: 'Real Sociedad',
    attack: 0.95,
    defence: 0.9,
    cards: 2.3,
    corners: 5.4,
    players: [
      p('oyarzabal', 'Mikel Oyarzabal', 0.3, 0.1, 85),
      p('kubo', 'Takefusa Kubo', 0.16, 0.1, 85),
      p('zubimendi', 'Martin Zubimendi', 0.04, 0.22, 90),
      p('barrenetxea', 'Ander Barrenetxea', 0.12, 0.08, 70),
      p('sucic', 'Luka Sucic', 0.08, 0.14, 70),
    ],
  },
  bet: {
    code: 'bet',
    name: 'Real Betis',
    attack: 1.0,
    defence: 1.05,
    cards: 2.5,
    corners: 5.2,
    players: [
      p('isco', 'Isco', 0.16, 0.14, 75),
      p('bakambu', 'Cedric Bakambu', 0.22, 0.08, 60),
      p('lo-celso', 'Giovani Lo Celso', 0.14, 0.12, 75),
      p('fornals', 'Pablo Fornals', 0.1, 0.16, 80),
      p('abde', 'Abde Ezzalzouli', 0.12, 0.1, 70),
    ],
  },
  sev: {
    code: 'sev',
    name: 'Sevilla',
    attack: 0.9,
    defence: 1.1,
    cards: 2.7,
    corners: 4.9,
    players: [
      p('lukebakio', 'Dodi Lukebakio', 0.24, 0.1, 85),
      p('isaac', 'Isaac Romero', 0.2, 0.12, 70),
      p('saul', 'Saul Niguez', 0.08, 0.2, 80),
      p('suso', 'Suso', 0.08, 0.08, 55),
      p('bade', 'Loic Bade', 0.03, 0.24, 90),
    ],
  },
  val: {
    code: 'val',
    name: 'Valencia',
    attack: 0.85,
    defence: 1.1,
    cards: 2.5,
    corners: 4.8,
    players: [
      p('duro', 'Hugo Duro', 0.3, 0.12, 80),
      p('rioja', 'Luis Rioja', 0.14, 0.1, 75),
      p('pepelu', 'Pepelu', 0.08, 0.22, 85),
      p('almeida', 'Andre Almeida', 0.08, 0.12, 70),
      p('mosquera', 'Cristhian Mosquera', 0.03, 0.2, 90),
    ],
  },
  gir: {
    code: 'gir',
    name: 'Girona',
    attack: 1.05,
    defence: 1.15,
    cards: 2.1,
    corners: 5.0,
    players: [
      p('stuani', 'Cristhian Stuani', 0.2, 0.1, 45),
      p('tsygankov', 'Viktor Tsygankov', 0.16, 0.06, 75),
      p('danjuma', 'Arnaut Danjuma', 0.16, 0.08, 70),
      p('miguel', 'Miguel Gutierrez', 0.06, 0.14, 85),
      p('martin', 'Ivan Martin', 0.1, 0.18, 85),
    ],
  },
};

// Weekend kick-offs; one fixture per pairing.
const EPL_ROUND: readonly [string, string, string][] = [
  ['ars', 'che', '2026-12-05T15:00:00Z'],
  ['liv', 'mci', '2026-12-05T17:30:00Z'],
  ['tot', 'mun', '2026-12-06T14:00:00Z'],
  ['new', 'avl', '2026-12-06T16:30:00Z'],
  ['bha', 'whu', '2026-12-05T15:00:00Z'],
  ['mci', 'ars', '2026-12-12T12:30:00Z'],
  ['che', 'liv', '2026-12-12T17:30:00Z'],
  ['mun', 'new', '2026-12-13T16:30:00Z'],
  ['avl', 'tot', '2026-12-13T14:00:00Z'],
  ['whu', 'bha', '2026-12-14T20:00:00Z'],
];
const LALIGA_ROUND: readonly [string, string, string][] = [
  ['rma', 'bar', '2026-12-06T20:00:00Z'],
  ['atm', 'ath', '2026-12-06T17:30:00Z'],
  ['vil', 'rso', '2026-12-05T20:00:00Z'],
  ['bet', 'sev', '2026-12-06T15:15:00Z'],
  ['val', 'gir', '2026-12-07T13:00:00Z'],
  ['bar', 'atm', '2026-12-13T20:00:00Z'],
  ['ath', 'rma', '2026-12-13T17:30:00Z'],
  ['rso', 'bet', '2026-12-14T15:15:00Z'],
  ['sev', 'val', '2026-12-12T20:00:00Z'],
  ['gir', 'vil', '2026-12-14T18:30:00Z'],
];

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
