import type { Leg } from '@betbuilder/pricing-model';

/** What the reference says about one market: when its leg wins, and a leg a client could send. */
export interface LegDoc<L extends Leg = Leg> {
  readonly winsWhen: string;
  readonly example: L;
}

/**
 * One entry per market of the price request's leg union (`legSchema` in `@betbuilder/pricing-model`): the leg's
 * schema comes from that union; this adds the words and an example. A market added to the union without an entry here
 * does not compile, and the drift test checks every example against the schema.
 */
export const LEG_DOCS: { readonly [M in Leg['market']]: LegDoc<Extract<Leg, { market: M }>> } = {
  MATCH_RESULT: {
    winsWhen: 'The match result is `selection`.',
    example: { market: 'MATCH_RESULT', selection: 'HOME' },
  },
  DOUBLE_CHANCE: {
    winsWhen: 'The result is either of the two in `selection`.',
    example: { market: 'DOUBLE_CHANCE', selection: 'HOME_OR_DRAW' },
  },
  TOTAL_GOALS: {
    winsWhen: "Both teams' goals together are over / under `line`.",
    example: { market: 'TOTAL_GOALS', side: 'OVER', line: 2.5 },
  },
  TEAM_GOALS: {
    winsWhen: "`team`'s goals are over / under `line`.",
    example: { market: 'TEAM_GOALS', team: 'AWAY', side: 'UNDER', line: 1.5 },
  },
  BOTH_TEAMS_TO_SCORE: {
    winsWhen: '`YES`: each team scores at least once; `NO`: at least one team does not.',
    example: { market: 'BOTH_TEAMS_TO_SCORE', selection: 'YES' },
  },
  CORRECT_SCORE: {
    winsWhen: 'The final score is exactly `home`-`away` (each 0-9).',
    example: { market: 'CORRECT_SCORE', home: 2, away: 1 },
  },
  TOTAL_CARDS: {
    winsWhen: 'Cards shown to both teams (each card counts 1) are over / under `line`.',
    example: { market: 'TOTAL_CARDS', side: 'OVER', line: 3.5 },
  },
  TEAM_CARDS: {
    winsWhen: "`team`'s cards are over / under `line`.",
    example: { market: 'TEAM_CARDS', team: 'HOME', side: 'OVER', line: 1.5 },
  },
  TOTAL_CORNERS: {
    winsWhen: 'Corners of both teams are over / under `line`.',
    example: { market: 'TOTAL_CORNERS', side: 'OVER', line: 9.5 },
  },
  TEAM_CORNERS: {
    winsWhen: "`team`'s corners are over / under `line`.",
    example: { market: 'TEAM_CORNERS', team: 'AWAY', side: 'UNDER', line: 4.5 },
  },
  HANDICAP: {
    winsWhen: "`team`'s goals plus `line` (a half-line, -9.5 to 9.5) are more than the other team's goals.",
    example: { market: 'HANDICAP', team: 'HOME', line: -1.5 },
  },
  WIN_TO_NIL: {
    winsWhen: '`team` wins and concedes no goal.',
    example: { market: 'WIN_TO_NIL', team: 'HOME' },
  },
  CLEAN_SHEET: {
    winsWhen: '`team` concedes no goal.',
    example: { market: 'CLEAN_SHEET', team: 'AWAY' },
  },
  PLAYER_TO_SCORE: {
    winsWhen: 'The player scores at least `atLeast` goals (1, the default, 2 or 3).',
    example: { market: 'PLAYER_TO_SCORE', playerId: 'saka' },
  },
  PLAYER_TO_BE_CARDED: {
    winsWhen: 'The player is shown at least one card.',
    example: { market: 'PLAYER_TO_BE_CARDED', playerId: 'saka' },
  },
  HALF_TIME_FULL_TIME: {
    winsWhen:
      'The result at half-time is `halfTime` and the result at full time is `fullTime` (`HOME`, `DRAW` or `AWAY`).',
    example: { market: 'HALF_TIME_FULL_TIME', halfTime: 'DRAW', fullTime: 'HOME' },
  },
  FIRST_TEAM_TO_SCORE: {
    winsWhen: 'That team scores the first goal of the match (`NONE`: the match has no goal).',
    example: { market: 'FIRST_TEAM_TO_SCORE', selection: 'HOME' },
  },
  PLAYER_FIRST_GOALSCORER: {
    winsWhen: 'The player scores the first goal of the match.',
    example: { market: 'PLAYER_FIRST_GOALSCORER', playerId: 'saka' },
  },
};
