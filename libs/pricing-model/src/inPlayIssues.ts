import { IN_PLAY_LIMITS } from './schemas';
import type { ValidationIssue } from './types/model';
import type { InPlayState, Opinion } from './types/opinion';

const COUNTS = ['score', 'cards', 'corners'] as const;
const SIDES = ['home', 'away'] as const;
const TEAM_SIDE = { HOME: 'home', AWAY: 'away' } as const;

function firstHalfIssues(state: InPlayState): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  const firstHalf = state.firstHalf;
  if (firstHalf === undefined) {
    if (state.minute >= IN_PLAY_LIMITS.firstHalfMinutes) {
      issues.push({
        path: 'inPlay.firstHalf',
        message: `firstHalf is required once minute >= ${IN_PLAY_LIMITS.firstHalfMinutes} (the first half is over)`,
      });
    }
    return issues;
  }
  // Before half-time everything so far happened in the first half, so its figures are the totals.
  const inFirstHalf = state.minute < IN_PLAY_LIMITS.firstHalfMinutes;
  for (const count of COUNTS) {
    for (const side of SIDES) {
      const half = firstHalf[count][side];
      const total = state[count][side];
      if (half > total) {
        issues.push({
          path: `inPlay.firstHalf.${count}.${side}`,
          message: `first-half ${count} ${side} ${half} is more than the ${total} so far`,
        });
      } else if (inFirstHalf && half !== total) {
        issues.push({
          path: `inPlay.firstHalf.${count}.${side}`,
          message: `at minute ${state.minute} the first half is still being played: first-half ${count} ${side} must equal the ${total} so far`,
        });
      }
    }
  }
  return issues;
}

function firstGoalIssues(state: InPlayState, opinion: Opinion): ValidationIssue[] {
  const goals = state.score.home + state.score.away;
  const firstGoal = state.firstGoal;
  if (firstGoal === undefined) {
    return goals > 0
      ? [
          {
            path: 'inPlay.firstGoal',
            message: `firstGoal is required once a goal is scored (score ${state.score.home}-${state.score.away})`,
          },
        ]
      : [];
  }
  if (goals === 0) return [{ path: 'inPlay.firstGoal', message: 'a first goal with a 0-0 score' }];
  const issues: ValidationIssue[] = [];
  const side = TEAM_SIDE[firstGoal.team];
  if (state.score[side] === 0) {
    issues.push({
      path: 'inPlay.firstGoal.team',
      message: `the first goal is ${firstGoal.team}'s but ${side} has not scored`,
    });
  } else if (
    state.firstHalf !== undefined &&
    state.firstHalf.score.home + state.firstHalf.score.away > 0 &&
    state.firstHalf.score[side] === 0
  ) {
    issues.push({
      path: 'inPlay.firstGoal.team',
      message: `goals were scored in the first half, none by ${firstGoal.team}, so the first goal cannot be ${firstGoal.team}'s`,
    });
  }
  if (firstGoal.playerId !== undefined) {
    const player = opinion.players.find((p) => p.playerId === firstGoal.playerId);
    const listed = state.players.find((p) => p.playerId === firstGoal.playerId);
    if (player === undefined) {
      issues.push({
        path: 'inPlay.firstGoal.playerId',
        message: `player '${firstGoal.playerId}' is not in the opinion's players`,
      });
    } else if (player.team !== firstGoal.team) {
      issues.push({
        path: 'inPlay.firstGoal.playerId',
        message: `player '${firstGoal.playerId}' plays for ${player.team}, not ${firstGoal.team}`,
      });
    } else if (listed === undefined || listed.goals === 0) {
      issues.push({
        path: 'inPlay.firstGoal.playerId',
        message: `player '${firstGoal.playerId}' scored the first goal, so inPlay.players must list him with goals >= 1`,
      });
    }
  }
  return issues;
}

function playerIssues(state: InPlayState, opinion: Opinion): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  const teams = new Map(opinion.players.map((p) => [p.playerId, p.team]));
  const firstIndex = new Map<string, number>();
  const sums = { HOME: { goals: 0, cards: 0 }, AWAY: { goals: 0, cards: 0 } };
  state.players.forEach((p, index) => {
    const path = `inPlay.players.${index}`;
    const first = firstIndex.get(p.playerId);
    if (first !== undefined) {
      issues.push({
        path: `${path}.playerId`,
        message: `duplicate playerId '${p.playerId}' (also inPlay.players.${first})`,
      });
      return;
    }
    firstIndex.set(p.playerId, index);
    const team = teams.get(p.playerId);
    if (team === undefined) {
      issues.push({
        path: `${path}.playerId`,
        message: `player '${p.playerId}' is not in the opinion's players`,
      });
      return;
    }
    const side = TEAM_SIDE[team];
    const teamFigure = { goals: state.score[side], cards: state.cards[side] };
    for (const count of ['goals', 'cards'] as const) {
      sums[team][count] += p[count];
      if (p[count] > teamFigure[count]) {
        issues.push({
          path: `${path}.${count}`,
          message: `player '${p.playerId}' has ${p[count]} ${count}, more than his team's (${team}) ${teamFigure[count]}`,
        });
      }
    }
  });
  for (const team of ['HOME', 'AWAY'] as const) {
    const side = TEAM_SIDE[team];
    const teamFigure = { goals: state.score[side], cards: state.cards[side] };
    for (const count of ['goals', 'cards'] as const) {
      if (sums[team][count] > teamFigure[count]) {
        issues.push({
          path: 'inPlay.players',
          message: `${team} players' ${count} sum to ${sums[team][count]}, more than the team's ${teamFigure[count]}`,
        });
      }
    }
  }
  return issues;
}

/**
 * The cross-field rules of an opinion's `inPlay` state (the API contract's "In-play" section), each problem with its
 * path: `firstHalf` required from minute 47 and within the totals (equal to them before half-time), `firstGoal`
 * exactly when a goal is scored and consistent with the score and the first half, and `players` known, unique and
 * within their team's goals and cards.
 *
 * @example
 * inPlayIssues(opinion); // [{ path: 'inPlay.firstGoal', message: 'a first goal with a 0-0 score' }]
 */
export function inPlayIssues(opinion: Opinion): ValidationIssue[] {
  const state = opinion.inPlay;
  if (state === undefined) return [];
  return [...firstHalfIssues(state), ...firstGoalIssues(state, opinion), ...playerIssues(state, opinion)];
}
