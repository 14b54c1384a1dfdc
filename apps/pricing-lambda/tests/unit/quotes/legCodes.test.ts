import fc from 'fast-check';
import { decodeLegs, encodeLegs } from '../../../src';
import { ENUM_ALIASES } from '../../../src/quotes/legCodes';
import { TWELVE_LEGS } from '../../support/quotes';

const half = fc.integer({ min: 0, max: 999 }).map((n) => n + 0.5);
const signedHalf = fc.integer({ min: -10, max: 9 }).map((n) => n + 0.5);
const side = fc.constantFrom('OVER', 'UNDER');
const team = fc.constantFrom('HOME', 'AWAY');
const result = fc.constantFrom('HOME', 'DRAW', 'AWAY');
const period = fc.option(fc.constantFrom('FULL_TIME', 'FIRST_HALF', 'SECOND_HALF'), { nil: undefined });
const playerId = fc.stringMatching(/^[a-z0-9][a-z0-9-]{0,63}$/);
const withPeriod = (leg: Record<string, unknown>, p: string | undefined) =>
  p === undefined ? leg : { ...leg, period: p };

/** Every leg shape of the contract, v1 and v2 (periods, new markets, atLeast). */
const anyLeg: fc.Arbitrary<Record<string, unknown>> = fc.oneof(
  fc.tuple(result, period).map(([selection, p]) => withPeriod({ market: 'MATCH_RESULT', selection }, p)),
  fc
    .tuple(fc.constantFrom('HOME_OR_DRAW', 'HOME_OR_AWAY', 'DRAW_OR_AWAY'), period)
    .map(([selection, p]) => withPeriod({ market: 'DOUBLE_CHANCE', selection }, p)),
  fc
    .tuple(fc.constantFrom('TOTAL_GOALS', 'TOTAL_CARDS', 'TOTAL_CORNERS'), side, half, period)
    .map(([market, s, line, p]) => withPeriod({ market, side: s, line }, p)),
  fc
    .tuple(fc.constantFrom('TEAM_GOALS', 'TEAM_CARDS', 'TEAM_CORNERS'), team, side, half, period)
    .map(([market, t, s, line, p]) => withPeriod({ market, team: t, side: s, line }, p)),
  fc
    .tuple(fc.constantFrom('YES', 'NO'), period)
    .map(([selection, p]) => withPeriod({ market: 'BOTH_TEAMS_TO_SCORE', selection }, p)),
  fc
    .tuple(fc.integer({ min: 0, max: 9 }), fc.integer({ min: 0, max: 9 }), period)
    .map(([home, away, p]) => withPeriod({ market: 'CORRECT_SCORE', home, away }, p)),
  fc
    .tuple(playerId, fc.option(fc.constantFrom(1, 2, 3), { nil: undefined }))
    .map(([id, atLeast]) =>
      atLeast === undefined
        ? { market: 'PLAYER_TO_SCORE', playerId: id }
        : { market: 'PLAYER_TO_SCORE', playerId: id, atLeast },
    ),
  playerId.map((id) => ({ market: 'PLAYER_TO_BE_CARDED', playerId: id })),
  playerId.map((id) => ({ market: 'PLAYER_FIRST_GOALSCORER', playerId: id })),
  fc
    .tuple(result, result)
    .map(([halfTime, fullTime]) => ({ market: 'HALF_TIME_FULL_TIME', halfTime, fullTime })),
  fc
    .tuple(team, signedHalf, period)
    .map(([t, line, p]) => withPeriod({ market: 'HANDICAP', team: t, line }, p)),
  team.map((t) => ({ market: 'WIN_TO_NIL', team: t })),
  fc.tuple(team, period).map(([t, p]) => withPeriod({ market: 'CLEAN_SHEET', team: t }, p)),
  fc.constantFrom('HOME', 'AWAY', 'NONE').map((selection) => ({ market: 'FIRST_TEAM_TO_SCORE', selection })),
);

describe('leg codes', () => {
  it('write the example legs as short codes', () => {
    expect(encodeLegs(TWELVE_LEGS)).toEqual([
      'MR:H',
      'DC:HD',
      'TG:O:2.5',
      'MG:A:U:1.5',
      'BT:Y',
      'CS:2:1',
      'TC:O:3.5',
      'MC:H:U:2.5',
      'TK:O:9.5',
      'MK:A:O:4.5',
      'PS:bukayo-saka',
      'PC:cole-palmer',
    ]);
  });

  it('give every leg of the contract a code and read it back to the same leg', () => {
    fc.assert(
      fc.property(fc.array(anyLeg, { minLength: 1, maxLength: 12 }), (legs) => {
        const encoded = encodeLegs(legs);
        expect(encoded.every((e) => typeof e === 'string')).toBe(true);
        expect(decodeLegs(encoded)).toEqual(legs);
      }),
      { numRuns: 300 },
    );
  });

  it('never give two different legs the same code', () => {
    fc.assert(
      fc.property(anyLeg, anyLeg, (a, b) => {
        fc.pre(JSON.stringify(a) !== JSON.stringify(b));
        expect(encodeLegs([a])[0]).not.toEqual(encodeLegs([b])[0]);
      }),
      { numRuns: 500 },
    );
  });

  it('keep one alias per enum value (a bijection)', () => {
    const aliases = Object.values(ENUM_ALIASES);
    expect(new Set(aliases).size).toBe(aliases.length);
  });

  it('carry a leg they cannot express (an unknown market or field) as the leg itself', () => {
    // Prepare
    const legs = [
      { market: 'TOTAL_GOALS', side: 'OVER', line: 2.5, extra: true },
      { market: 'SOMETHING_NEW', x: 1 },
      { market: 'TOTAL_GOALS', side: 'OVER', line: 1e21 },
    ];

    // Act
    const encoded = encodeLegs(legs);

    // Assess
    expect(encoded).toEqual(legs);
    expect(decodeLegs(encoded)).toEqual(legs);
  });

  it.each([
    ['XX:H'],
    ['MR'],
    ['MR:Q'],
    ['TG:O:02.5'],
    ['TG:O:2.5:'],
    ['TG:O:2.5:FT:1'],
    ['PS:Saka'],
    ['CS:1'],
  ])('refuse the code %s, which they never write', (code) => {
    expect(decodeLegs([code])).toBeUndefined();
  });
});
