/**
 * Compact, lossless codes for normalised legs, so a 12-leg quote token stays well under 600 bytes: `TG:O:2.5` instead
 * of `{"market":"TOTAL_GOALS","side":"OVER","line":2.5}` (10 bytes instead of 48). A code is the market's code and
 * then its fields' values in a fixed order, separated by `:`; enum values have short aliases (`HOME` → `H`), numbers
 * are written as JavaScript writes them, player ids as they are. An optional field that is absent is an empty value,
 * and trailing empty values are dropped (`PS:saka` = Saka to score, `PS:saka:2` = at least twice).
 *
 * A leg this table cannot express (a market added later, a field it does not know) is carried as the leg object
 * itself, so encoding never loses a leg; decoding checks each value's form and the caller validates the legs again.
 */

type FieldKind = 'enum' | 'number' | 'id';

interface MarketSpec {
  readonly code: string;
  /** The leg's fields after `market`, in code order; `?` marks an optional one. */
  readonly fields: readonly (readonly [name: string, kind: FieldKind, optional?: true])[];
}

const PERIOD = ['period', 'enum', true] as const;
const SIDE = ['side', 'enum'] as const;
const LINE = ['line', 'number'] as const;
const TEAM = ['team', 'enum'] as const;
const SELECTION = ['selection', 'enum'] as const;
const PLAYER = ['playerId', 'id'] as const;

/** Every market of the API contract (v1 and v2). Codes never change meaning: a signed token outlives a deployment. */
const MARKETS: Readonly<Record<string, MarketSpec>> = {
  MATCH_RESULT: { code: 'MR', fields: [SELECTION, PERIOD] },
  DOUBLE_CHANCE: { code: 'DC', fields: [SELECTION, PERIOD] },
  TOTAL_GOALS: { code: 'TG', fields: [SIDE, LINE, PERIOD] },
  TEAM_GOALS: { code: 'MG', fields: [TEAM, SIDE, LINE, PERIOD] },
  BOTH_TEAMS_TO_SCORE: { code: 'BT', fields: [SELECTION, PERIOD] },
  CORRECT_SCORE: {
    code: 'CS',
    fields: [['home', 'number'], ['away', 'number'], PERIOD],
  },
  TOTAL_CARDS: { code: 'TC', fields: [SIDE, LINE, PERIOD] },
  TEAM_CARDS: { code: 'MC', fields: [TEAM, SIDE, LINE, PERIOD] },
  TOTAL_CORNERS: { code: 'TK', fields: [SIDE, LINE, PERIOD] },
  TEAM_CORNERS: { code: 'MK', fields: [TEAM, SIDE, LINE, PERIOD] },
  PLAYER_TO_SCORE: { code: 'PS', fields: [PLAYER, ['atLeast', 'number', true]] },
  PLAYER_TO_BE_CARDED: { code: 'PC', fields: [PLAYER] },
  HALF_TIME_FULL_TIME: {
    code: 'HF',
    fields: [
      ['halfTime', 'enum'],
      ['fullTime', 'enum'],
    ],
  },
  HANDICAP: { code: 'HC', fields: [TEAM, LINE, PERIOD] },
  WIN_TO_NIL: { code: 'WN', fields: [TEAM] },
  CLEAN_SHEET: { code: 'CL', fields: [TEAM, PERIOD] },
  FIRST_TEAM_TO_SCORE: { code: 'F1', fields: [SELECTION] },
  PLAYER_FIRST_GOALSCORER: { code: 'PF', fields: [PLAYER] },
};

/** Enum value → alias; one table for every field, so it must stay a bijection (a test checks). */
export const ENUM_ALIASES: Readonly<Record<string, string>> = {
  HOME: 'H',
  AWAY: 'A',
  DRAW: 'D',
  OVER: 'O',
  UNDER: 'U',
  YES: 'Y',
  NO: 'N',
  NONE: 'X',
  HOME_OR_DRAW: 'HD',
  HOME_OR_AWAY: 'HA',
  DRAW_OR_AWAY: 'DA',
  FULL_TIME: 'FT',
  FIRST_HALF: '1H',
  SECOND_HALF: '2H',
};

const BY_CODE = new Map(Object.entries(MARKETS).map(([market, spec]) => [spec.code, { market, spec }]));
const ENUM_BY_ALIAS = new Map(Object.entries(ENUM_ALIASES).map(([v, a]) => [a, v]));
/** Numbers as `String(n)` writes them without an exponent: `2.5`, `-1.5`, `0`, `999.5`. */
const NUMBER_TEXT = /^-?(0|[1-9][0-9]*)(\.[0-9]+)?$/;
const ID_TEXT = /^[a-z0-9][a-z0-9-]{0,63}$/;

/** A leg's code, or the leg itself when the table cannot express it. */
export type EncodedLeg = string | Readonly<Record<string, unknown>>;

/**
 * The compact form of each leg (see the module comment).
 *
 * @example
 * encodeLegs([{ market: 'TOTAL_GOALS', side: 'OVER', line: 2.5 }]); // ['TG:O:2.5']
 */
export function encodeLegs(legs: readonly object[]): EncodedLeg[] {
  return legs.map((leg) => encodeLeg(leg as Record<string, unknown>) ?? (leg as Record<string, unknown>));
}

function encodeLeg(leg: Record<string, unknown>): string | undefined {
  const spec = typeof leg.market === 'string' ? MARKETS[leg.market] : undefined;
  if (spec === undefined) return undefined;
  let known = 1; // market
  const values: string[] = [];
  for (const [name, kind, optional] of spec.fields) {
    const value = leg[name];
    if (value === undefined) {
      if (optional !== true) return undefined;
      values.push('');
      continue;
    }
    known += 1;
    const text = encodeValue(kind, value);
    if (text === undefined) return undefined;
    values.push(text);
  }
  // A field the table does not know (a later contract addition) must not be dropped: keep the whole leg.
  if (Object.keys(leg).length !== known) return undefined;
  while (values.length > 0 && values[values.length - 1] === '') values.pop();
  return values.length === 0 ? spec.code : `${spec.code}:${values.join(':')}`;
}

function encodeValue(kind: FieldKind, value: unknown): string | undefined {
  if (kind === 'enum') return typeof value === 'string' ? ENUM_ALIASES[value] : undefined;
  if (kind === 'id') return typeof value === 'string' && ID_TEXT.test(value) ? value : undefined;
  if (typeof value !== 'number') return undefined;
  const text = String(value);
  return NUMBER_TEXT.test(text) ? text : undefined;
}

/**
 * The legs back from their compact form; undefined when a code is not one {@link encodeLegs} writes (unknown market
 * code, a value of the wrong form, too many values). The legs still need the contract's validation.
 *
 * @example
 * decodeLegs(['TG:O:2.5']); // [{ market: 'TOTAL_GOALS', side: 'OVER', line: 2.5 }]
 */
export function decodeLegs(encoded: readonly unknown[]): Record<string, unknown>[] | undefined {
  const out: Record<string, unknown>[] = [];
  for (const item of encoded) {
    if (typeof item === 'object' && item !== null && !Array.isArray(item)) {
      out.push({ ...(item as Record<string, unknown>) });
      continue;
    }
    if (typeof item !== 'string') return undefined;
    const leg = decodeLeg(item);
    if (leg === undefined) return undefined;
    out.push(leg);
  }
  return out;
}

function decodeLeg(code: string): Record<string, unknown> | undefined {
  const [marketCode, ...values] = code.split(':');
  const entry = BY_CODE.get(marketCode ?? '');
  if (entry === undefined || values.length > entry.spec.fields.length) return undefined;
  if (values.length > 0 && values[values.length - 1] === '') return undefined; // trailing empties are never written
  const leg: Record<string, unknown> = { market: entry.market };
  for (let i = 0; i < entry.spec.fields.length; i++) {
    const [name, kind, optional] = entry.spec.fields[i]!;
    const text = values[i];
    if (text === undefined || text === '') {
      if (optional !== true) return undefined;
      continue;
    }
    const value = decodeValue(kind, text);
    if (value === undefined) return undefined;
    leg[name] = value;
  }
  return leg;
}

function decodeValue(kind: FieldKind, text: string): string | number | undefined {
  if (kind === 'enum') return ENUM_BY_ALIAS.get(text);
  if (kind === 'id') return ID_TEXT.test(text) ? text : undefined;
  if (!NUMBER_TEXT.test(text)) return undefined;
  const n = Number(text);
  return String(n) === text ? n : undefined;
}
