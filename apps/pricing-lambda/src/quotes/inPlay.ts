/**
 * Whether a fixture's state is in-play: its stored opinion (or current-version head) carries a non-empty `inPlay`
 * (the match state, added to the opinion by the in-play work). Anything else is pre-match. Decides a quote's lifetime.
 *
 * @example
 * isInPlay({ fixtureId: 'x', inputsVersion: 4, status: 'OPEN', inPlay: { minute: 63 } }); // true
 */
export function isInPlay(state: object): boolean {
  const v = (state as { inPlay?: unknown }).inPlay;
  return v !== undefined && v !== null && v !== false;
}
