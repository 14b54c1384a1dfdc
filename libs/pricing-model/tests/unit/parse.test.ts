import { dixonColesRange } from '../../src/parse';
import { parseOpinion, parsePriceRequest } from '../../src/index';
import { issuesOf, okValue, opinionInput } from './fixtures';

const paths = (r: { ok: boolean; issues?: { path: string }[] }) =>
  r.ok ? [] : (r.issues ?? []).map((i) => i.path);

describe('parseOpinion', () => {
  it('accepts the contract example and leaves omitted model options unset', () => {
    const value = okValue(parseOpinion(opinionInput()));
    expect(value.fixtureId).toBe('epl-2026-12-05-ars-che');
    expect(value.model).toBeUndefined();
    expect(value.players).toHaveLength(5);
  });

  it('takes the fixtureId from the path and refuses a different one in the body', () => {
    const { fixtureId: _omit, ...body } = opinionInput();
    const fromPath = parseOpinion(body, 'epl-2026-12-05-ars-che');
    expect(fromPath.ok && fromPath.value.fixtureId).toBe('epl-2026-12-05-ars-che');
    expect(paths(parseOpinion(opinionInput(), 'epl-2026-12-06-mun-liv'))).toEqual(['fixtureId']);
    expect(paths(parseOpinion(body, 'Bad Id'))).toContain('fixtureId');
  });

  it('reports every problem with its path', () => {
    // Prepare
    const input = opinionInput(
      { dixonColesRho: 0.9, gameState: 'yes' },
      { status: 'CLOSED', home: { name: 'Arsenal', goals: 7, cards: -1, corners: 5 } },
    );
    // Act
    const r = parseOpinion(input);
    // Assess
    expect(paths(r).sort()).toEqual([
      'home.cards',
      'home.goals',
      'model.dixonColesRho',
      'model.gameState',
      'status',
    ]);
  });

  it('refuses a Dixon–Coles rho the goal means cannot honour, with the allowed range in the message', () => {
    // Prepare: 2.5 v 2.0 goals allow rho < 1/(2.5 × 2.0) = 0.2 only; 6 v 1 goals allow rho > −1/6
    const high = opinionInput(
      { dixonColesRho: 0.2 },
      {
        home: { name: 'A', goals: 2.5, cards: 1, corners: 5 },
        away: { name: 'B', goals: 2, cards: 1, corners: 5 },
      },
    );
    const low = opinionInput(
      { dixonColesRho: -0.2 },
      {
        home: { name: 'A', goals: 6, cards: 1, corners: 5 },
        away: { name: 'B', goals: 1, cards: 1, corners: 5 },
      },
    );
    const fine = opinionInput(
      { dixonColesRho: 0.19 },
      {
        home: { name: 'A', goals: 2.5, cards: 1, corners: 5 },
        away: { name: 'B', goals: 2, cards: 1, corners: 5 },
      },
    );
    // Act
    const highIssues = issuesOf(parseOpinion(high));
    const lowIssues = issuesOf(parseOpinion(low));
    // Assess
    expect(highIssues).toEqual([
      {
        path: 'model.dixonColesRho',
        message:
          'dixonColesRho 0.2 cannot be honoured for goals 2.5 v 2: the allowed range for these means is ' +
          '[-0.2, 0.2) (every Dixon–Coles factor τ must stay positive)',
      },
    ]);
    expect(lowIssues.map((i) => i.path)).toEqual(['model.dixonColesRho']);
    expect(lowIssues[0]?.message).toContain('(-0.1667, 0.1667)');
    expect(parseOpinion(fine).ok).toBe(true);
    expect(dixonColesRange(0.05, 0.05)).toEqual({ min: -0.2, max: 0.2, minOpen: false, maxOpen: false });
  });

  it('refuses duplicate player ids and team shares above 1', () => {
    const input = opinionInput();
    input.players.push({ ...input.players[0]!, goalShare: 0.5 });
    const issues = issuesOf(parseOpinion(input));
    expect(issues.map((i) => i.path)).toContain('players.5.playerId');
    expect(issues.some((i) => i.path === 'players' && /HOME players' goalShare/.test(i.message))).toBe(true);
  });

  it('refuses more than 40 players and out-of-range player fields', () => {
    const many = opinionInput(undefined, {
      players: Array.from({ length: 41 }, (_, i) => ({
        playerId: `p${i}`,
        name: 'P',
        team: 'HOME',
        goalShare: 0,
        cardShare: 0,
        expectedMinutes: 90,
      })),
    });
    expect(paths(parseOpinion(many))).toEqual(['players']);
    const bad = opinionInput(undefined, {
      players: [
        { playerId: 'X', name: 'P', team: 'HOME', goalShare: 1.2, cardShare: 0, expectedMinutes: 91 },
      ],
    });
    expect(paths(parseOpinion(bad)).sort()).toEqual([
      'players.0.expectedMinutes',
      'players.0.goalShare',
      'players.0.playerId',
    ]);
  });
});

describe('parsePriceRequest', () => {
  const fixtureId = 'epl-2026-12-05-ars-che';

  it('accepts every market of the contract', () => {
    const r = parsePriceRequest({
      fixtureId,
      legs: [
        { market: 'MATCH_RESULT', selection: 'HOME' },
        { market: 'DOUBLE_CHANCE', selection: 'DRAW_OR_AWAY' },
        { market: 'TOTAL_GOALS', side: 'OVER', line: 2.5 },
        { market: 'TEAM_GOALS', team: 'AWAY', side: 'UNDER', line: 1.5 },
        { market: 'BOTH_TEAMS_TO_SCORE', selection: 'NO' },
        { market: 'CORRECT_SCORE', home: 2, away: 1 },
        { market: 'TOTAL_CARDS', side: 'OVER', line: 3.5 },
        { market: 'TEAM_CARDS', team: 'HOME', side: 'OVER', line: 0.5 },
        { market: 'TOTAL_CORNERS', side: 'UNDER', line: 10.5 },
        { market: 'TEAM_CORNERS', team: 'AWAY', side: 'OVER', line: 4.5 },
        { market: 'PLAYER_TO_SCORE', playerId: 'saka' },
        { market: 'PLAYER_TO_BE_CARDED', playerId: 'rice' },
      ],
    });
    expect(r.ok).toBe(true);
  });

  it('refuses integer lines, unknown markets, bad scores and bad fixture ids with paths', () => {
    const r = parsePriceRequest({
      fixtureId: 'X',
      legs: [
        { market: 'MATCH_RESULT', selection: 'HOME' },
        { market: 'TOTAL_GOALS', side: 'OVER', line: 2 },
        { market: 'FIRST_GOALSCORER', playerId: 'saka' },
        { market: 'CORRECT_SCORE', home: 10, away: 1.5 },
        { market: 'TEAM_CARDS', team: 'NEUTRAL', side: 'OVER', line: -0.5 },
      ],
    });
    expect(paths(r).sort()).toEqual([
      'fixtureId',
      'legs.1.line',
      'legs.2.market',
      'legs.3.away',
      'legs.3.home',
      'legs.4.line',
      'legs.4.team',
    ]);
  });

  it('requires 1 to 12 legs', () => {
    expect(paths(parsePriceRequest({ fixtureId, legs: [] }))).toEqual(['legs']);
    const leg = { market: 'TOTAL_GOALS', side: 'OVER', line: 0.5 };
    expect(paths(parsePriceRequest({ fixtureId, legs: Array.from({ length: 13 }, () => leg) }))).toEqual([
      'legs',
    ]);
    expect(parsePriceRequest({ fixtureId, legs: Array.from({ length: 12 }, () => leg) }).ok).toBe(true);
  });

  it('refuses a body that is not an object', () => {
    expect(paths(parsePriceRequest('legs'))).toEqual(['']);
  });
});
