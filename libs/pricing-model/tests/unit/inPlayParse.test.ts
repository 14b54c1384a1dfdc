import { CONTRACT_EXAMPLE_IN_PLAY, parseOpinion } from '../../src/index';
import { okValue, opinionInput } from './fixtures';

/** The contract's in-play example (minute 63, 1-0, Saka's first-half goal) with `changes` merged over its fields. */
function inPlay(changes: Record<string, unknown> = {}) {
  return opinionInput(undefined, {
    inPlay: { ...structuredClone(CONTRACT_EXAMPLE_IN_PLAY), ...changes },
  });
}

function issues(input: unknown) {
  const r = parseOpinion(input);
  return r.ok ? [] : r.issues;
}

const paths = (input: unknown) => issues(input).map((i) => i.path);

describe('parseOpinion with an in-play state', () => {
  it('accepts the contract example and keeps the state', () => {
    // Act
    const value = okValue(parseOpinion(inPlay()));
    // Assess
    expect(value.inPlay?.minute).toBe(63);
    expect(value.inPlay?.firstGoal).toEqual({ team: 'HOME', playerId: 'saka' });
    expect(value.inPlay?.players).toEqual([{ playerId: 'saka', goals: 1, cards: 0, onPitch: true }]);
  });

  it('leaves an opinion without inPlay pre-match', () => {
    expect(okValue(parseOpinion(opinionInput())).inPlay).toBeUndefined();
  });

  it('accepts kick-off (minute 0, nothing yet) without firstHalf, firstGoal or players', () => {
    // Prepare
    const kickOff = opinionInput(undefined, {
      inPlay: {
        minute: 0,
        score: { home: 0, away: 0 },
        cards: { home: 0, away: 0 },
        corners: { home: 0, away: 0 },
      },
    });
    // Act
    const value = okValue(parseOpinion(kickOff));
    // Assess
    expect(value.inPlay?.players).toEqual([]);
  });

  it('takes minutes on the 95-minute clock: 0 <= minute < 95, fractions allowed', () => {
    expect(paths(inPlay({ minute: 94.5 }))).toEqual([]);
    expect(paths(inPlay({ minute: 95 }))).toEqual(['inPlay.minute']);
    expect(paths(inPlay({ minute: -1 }))).toEqual(['inPlay.minute']);
    expect(paths(inPlay({ minute: '63' }))).toEqual(['inPlay.minute']);
  });

  it('refuses counts that are not integers >= 0, each with its path', () => {
    // Prepare
    const input = inPlay({ cards: { home: 2.5, away: -1 }, corners: { home: 4 } });
    // Act
    const found = paths(input).sort();
    // Assess
    expect(found).toEqual(['inPlay.cards.away', 'inPlay.cards.home', 'inPlay.corners.away']);
  });

  it('requires firstHalf once minute >= 47 and not before', () => {
    // Prepare
    const noHalf = { firstHalf: undefined, firstGoal: { team: 'HOME', playerId: 'saka' } };
    // Act + Assess
    expect(paths(inPlay({ ...noHalf, minute: 47 }))).toEqual(['inPlay.firstHalf']);
    expect(paths(inPlay({ ...noHalf, minute: 46.9 }))).toEqual([]);
  });

  it('refuses first-half figures above the totals so far', () => {
    // Prepare
    const input = inPlay({
      firstHalf: {
        score: { home: 2, away: 0 },
        cards: { home: 1, away: 0 },
        corners: { home: 3, away: 3 },
      },
    });
    // Act
    const found = issues(input);
    // Assess
    expect(found.map((i) => i.path).sort()).toEqual([
      'inPlay.firstHalf.corners.away',
      'inPlay.firstHalf.score.home',
    ]);
    expect(found.find((i) => i.path === 'inPlay.firstHalf.score.home')?.message).toMatch(
      /more than the 1 so far/,
    );
  });

  it('refuses first-half figures other than the totals while the first half is being played', () => {
    // Prepare: minute 30, 1 corner so far but 0 in the first half
    const input = inPlay({
      minute: 30,
      firstHalf: {
        score: { home: 1, away: 0 },
        cards: { home: 2, away: 1 },
        corners: { home: 4, away: 1 },
      },
    });
    // Act + Assess
    expect(paths(input)).toEqual(['inPlay.firstHalf.corners.away']);
  });

  it('requires a first goal once a goal is scored', () => {
    expect(paths(inPlay({ firstGoal: undefined }))).toEqual(['inPlay.firstGoal']);
  });

  it('refuses a first goal with a 0-0 score', () => {
    // Prepare
    const input = inPlay({
      score: { home: 0, away: 0 },
      firstHalf: { score: { home: 0, away: 0 }, cards: { home: 1, away: 0 }, corners: { home: 3, away: 1 } },
      firstGoal: { team: 'HOME' },
      players: [],
    });
    // Act
    const found = issues(input);
    // Assess
    expect(found).toEqual([{ path: 'inPlay.firstGoal', message: 'a first goal with a 0-0 score' }]);
  });

  it('refuses a first goal by a team that has not scored, or none of whose goals came in a first half that had goals', () => {
    // Prepare: 1-0 HOME, first goal AWAY
    const noGoal = inPlay({ firstGoal: { team: 'AWAY' } });
    // Prepare: 1-1, the only first-half goal HOME's, first goal AWAY
    const laterGoal = inPlay({ score: { home: 1, away: 1 }, firstGoal: { team: 'AWAY' } });
    // Act + Assess
    expect(paths(noGoal)).toEqual(['inPlay.firstGoal.team']);
    expect(paths(laterGoal)).toEqual(['inPlay.firstGoal.team']);
  });

  it('refuses a first scorer who is unknown, of the other team, or not listed with a goal', () => {
    expect(paths(inPlay({ firstGoal: { team: 'HOME', playerId: 'nobody' } }))).toEqual([
      'inPlay.firstGoal.playerId',
    ]);
    expect(
      paths(
        inPlay({
          score: { home: 0, away: 1 },
          firstHalf: { ...CONTRACT_EXAMPLE_IN_PLAY.firstHalf, score: { home: 0, away: 1 } },
          firstGoal: { team: 'AWAY', playerId: 'saka' },
          players: [],
        }),
      ),
    ).toEqual(['inPlay.firstGoal.playerId']);
    expect(paths(inPlay({ players: [{ playerId: 'havertz', goals: 1, cards: 0, onPitch: true }] }))).toEqual([
      'inPlay.firstGoal.playerId',
    ]);
  });

  it('accepts a first goal without a scorer (an own goal, or a scorer not in the opinion)', () => {
    expect(paths(inPlay({ firstGoal: { team: 'HOME' }, players: [] }))).toEqual([]);
  });

  it("refuses listed players who are not in the opinion's players, or listed twice", () => {
    // Prepare
    const input = inPlay({
      players: [
        { playerId: 'saka', goals: 1, cards: 0, onPitch: true },
        { playerId: 'ghost', goals: 0, cards: 1, onPitch: true },
        { playerId: 'saka', goals: 0, cards: 0, onPitch: false },
      ],
    });
    // Act + Assess
    expect(paths(input)).toEqual(['inPlay.players.1.playerId', 'inPlay.players.2.playerId']);
  });

  it("refuses a player's goals or cards above his team's, and players' sums above the team's", () => {
    // Prepare: Saka 2 goals of HOME's 1; Palmer 2 cards of AWAY's 1; Havertz + Rice 3 cards of HOME's 2
    const input = inPlay({
      players: [
        { playerId: 'saka', goals: 2, cards: 0, onPitch: true },
        { playerId: 'palmer', goals: 0, cards: 2, onPitch: false },
        { playerId: 'havertz', goals: 0, cards: 2, onPitch: true },
        { playerId: 'rice', goals: 0, cards: 1, onPitch: true },
      ],
    });
    // Act
    const found = paths(input);
    // Assess
    expect(found).toEqual([
      'inPlay.players.0.goals',
      'inPlay.players.1.cards',
      'inPlay.players',
      'inPlay.players',
      'inPlay.players',
    ]);
  });

  it('accepts a player who has left the pitch without goals or cards', () => {
    expect(
      paths(
        inPlay({
          players: [
            { playerId: 'saka', goals: 1, cards: 0, onPitch: true },
            { playerId: 'caicedo', goals: 0, cards: 0, onPitch: false },
          ],
        }),
      ),
    ).toEqual([]);
  });

  it('refuses a player entry without onPitch', () => {
    expect(paths(inPlay({ players: [{ playerId: 'saka', goals: 1, cards: 0 }] }))).toEqual([
      'inPlay.players.0.onPitch',
    ]);
  });
});
