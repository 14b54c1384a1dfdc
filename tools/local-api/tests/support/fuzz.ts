import fc from 'fast-check';

/**
 * Fuzz requests for the local API: mostly well-formed JSON with one hostile part (a wrong type, an extreme number, a
 * prototype key, a long or odd unicode string), plus raw garbage, deep nesting, over-size bodies and odd routes.
 * Bodies are text, so literals JSON.stringify cannot write (`-0`, `1e400`, 45 significant digits) reach the server.
 */
export interface FuzzRequest {
  readonly kind: string;
  readonly method: string;
  readonly path: string;
  readonly headers: Record<string, string>;
  readonly body?: string;
}

/** Fixtures the fuzz writes and prices (a small set, so prices meet opinions the fuzz itself wrote). */
export const FUZZ_FIXTURES = ['fuzz-fixture-one', 'fuzz-fixture-two', 'fuzz-fixture-three'] as const;

/** A value JSON.stringify cannot write, spliced into the text in place of its marker string. */
const RAW_LITERALS = [
  '-0',
  '1e400',
  '-1e400',
  '1e-400',
  '1e-131',
  '-1e-131',
  '4.9e-324',
  '1e-130',
  '9.99e125',
  '1e126',
  '0.100000000000000000000000000000000000000000001',
  '123456789012345678901234567890123456789012345',
  '1E2',
  '0e0',
];
const rawMarker = (i: number) => `\u0000raw${i}\u0000`;

/** Numbers at and past every limit that matters: DynamoDB's, the double's, the contract's ranges. */
const extremeNumber = fc.oneof(
  fc.constantFrom(
    1e-131,
    -1e-131,
    5e-324,
    1e-130,
    1e308,
    -1e308,
    Number.MAX_SAFE_INTEGER,
    9.99e125,
    1e126,
    0,
    0.5,
    1.5,
    2.5,
    6,
    8,
    20,
    90,
    -1,
  ),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.integer(),
  fc.constantFrom(...RAW_LITERALS.map((_, i) => rawMarker(i))),
);

const nastyString = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'grapheme', maxLength: 40 }),
  fc.string({ unit: 'binary', maxLength: 20 }), // includes lone surrogates
  fc.constantFrom(
    '',
    ' ',
    'NaN',
    'Infinity',
    '-0',
    '1e-131',
    'null',
    '__proto__',
    'constructor',
    '\u0000',
    '\ud800',
    '😀'.repeat(60),
    'ü'.repeat(101),
    'x'.repeat(5000),
    '../../etc/passwd',
    '<script>alert(1)</script>',
    "'; DROP TABLE opinions; --",
  ),
);

/** Anything in the wrong place. */
const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  extremeNumber,
  nastyString,
  fc.constantFrom(null, true, false, [], {}, [1, 2], { __proto__: null }),
  fc.jsonValue({ maxDepth: 3 }),
);

/** A realistic trader's number (2 decimals): fc.double favours subnormals like 5e-324, which the hostile values cover. */
const decimal = (min: number, max: number) =>
  fc.integer({ min: Math.round(min * 100), max: Math.round(max * 100) }).map((n) => n / 100);

const teamInputs = fc.record({
  name: fc.oneof(fc.constantFrom('Arsenal', 'Chelsea'), fc.string({ minLength: 1, maxLength: 100 })),
  goals: decimal(0.05, 6),
  cards: decimal(0, 8),
  corners: decimal(0, 20),
});

const playerInputs = (team: 'HOME' | 'AWAY', i: number) =>
  fc.record({
    playerId: fc.constant(`${team.toLowerCase()}-p${i}`),
    name: fc.string({ minLength: 1, maxLength: 30 }),
    team: fc.constant(team),
    goalShare: decimal(0, 0.3),
    cardShare: decimal(0, 0.3),
    expectedMinutes: decimal(0, 90),
  });

/** A valid opinion (mostly): the contract's ranges, up to 3 players per team (shares sum to at most 0.9). */
export const validOpinion = fc
  .record({
    status: fc.constantFrom('OPEN', 'OPEN', 'OPEN', 'SUSPENDED'),
    home: teamInputs,
    away: teamInputs,
    homePlayers: fc.integer({ min: 0, max: 3 }),
    awayPlayers: fc.integer({ min: 0, max: 3 }),
    model: fc.oneof(
      { weight: 1, arbitrary: fc.constant(undefined) },
      {
        weight: 1,
        arbitrary: fc.record(
          {
            dixonColesRho: decimal(-0.2, 0.2),
            gameState: fc.boolean(),
            cornersDispersion: decimal(1, 3),
          },
          { requiredKeys: [] },
        ),
      },
    ),
  })
  .chain(({ homePlayers, awayPlayers, model, ...rest }) =>
    fc
      .tuple(
        fc.tuple(...Array.from({ length: homePlayers }, (_, i) => playerInputs('HOME', i))),
        fc.tuple(...Array.from({ length: awayPlayers }, (_, i) => playerInputs('AWAY', i))),
      )
      .map(([h, a]) => ({ ...rest, players: [...h, ...a], ...(model ? { model } : {}) })),
  );

const side = fc.constantFrom('OVER', 'UNDER');
const team = fc.constantFrom('HOME', 'AWAY');
const halfLine = fc.integer({ min: 0, max: 12 }).map((n) => n + 0.5);
const period = fc.oneof(
  { weight: 3, arbitrary: fc.constant(undefined) },
  { weight: 1, arbitrary: fc.constantFrom('FULL_TIME', 'FIRST_HALF', 'SECOND_HALF') },
);

/** Any contract leg, with valid fields; the fuzz mutates some afterwards. */
export const validLeg = fc
  .oneof(
    fc.record({ market: fc.constant('MATCH_RESULT'), selection: fc.constantFrom('HOME', 'DRAW', 'AWAY') }),
    fc.record({
      market: fc.constant('DOUBLE_CHANCE'),
      selection: fc.constantFrom('HOME_OR_DRAW', 'HOME_OR_AWAY', 'DRAW_OR_AWAY'),
    }),
    fc.record({ market: fc.constant('TOTAL_GOALS'), side, line: halfLine }),
    fc.record({ market: fc.constant('TEAM_GOALS'), team, side, line: halfLine }),
    fc.record({ market: fc.constant('BOTH_TEAMS_TO_SCORE'), selection: fc.constantFrom('YES', 'NO') }),
    fc.record({
      market: fc.constant('CORRECT_SCORE'),
      home: fc.integer({ min: 0, max: 9 }),
      away: fc.integer({ min: 0, max: 9 }),
    }),
    fc.record({ market: fc.constant('TOTAL_CARDS'), side, line: halfLine }),
    fc.record({ market: fc.constant('TEAM_CARDS'), team, side, line: halfLine }),
    fc.record({ market: fc.constant('TOTAL_CORNERS'), side, line: halfLine }),
    fc.record({ market: fc.constant('TEAM_CORNERS'), team, side, line: halfLine }),
    fc.record({
      market: fc.constantFrom('PLAYER_TO_SCORE', 'PLAYER_TO_BE_CARDED'),
      playerId: fc.constantFrom('home-p0', 'away-p1', 'saka', 'nobody'),
    }),
  )
  .chain((leg) => period.map((p) => (p === undefined ? leg : { ...leg, period: p })));

/** Replaces (or adds) one value somewhere in `value`, at a path drawn from `choice`. */
function mutateAt(value: unknown, choice: number, replacement: unknown): unknown {
  const paths: (string | number)[][] = [];
  const walk = (v: unknown, path: (string | number)[]) => {
    paths.push(path);
    if (Array.isArray(v)) v.forEach((x, i) => walk(x, [...path, i]));
    else if (v !== null && typeof v === 'object')
      for (const [k, x] of Object.entries(v)) walk(x, [...path, k]);
  };
  walk(value, []);
  const path = paths[choice % paths.length]!;
  if (path.length === 0) return replacement;
  const copy = structuredClone(value) as Record<string | number, unknown>;
  let at = copy;
  for (const key of path.slice(0, -1)) at = at[key] as Record<string | number, unknown>;
  at[path[path.length - 1]!] = replacement;
  return copy;
}

/** JSON text with the raw-literal markers replaced by their literal. */
function toText(value: unknown): string {
  let text = JSON.stringify(value) ?? 'null';
  RAW_LITERALS.forEach((literal, i) => {
    text = text.split(JSON.stringify(rawMarker(i))).join(literal);
  });
  return text;
}

const fixtureIdInPath = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom(...FUZZ_FIXTURES) },
  {
    weight: 1,
    arbitrary: fc.constantFrom(
      'UPPER-case',
      'ab',
      'a'.repeat(65),
      '%00',
      '..',
      'fixture%2Fslash',
      '%E2%82%AC',
    ),
  },
  { weight: 1, arbitrary: fc.stringMatching(/^[a-z0-9][a-z0-9-]{2,20}$/) },
);

const contentType = fc.oneof(
  { weight: 12, arbitrary: fc.constant('application/json') },
  {
    weight: 1,
    arbitrary: fc.constantFrom(
      'application/json; charset=utf-8',
      'APPLICATION/JSON',
      'text/plain',
      'application/x-www-form-urlencoded',
      'multipart/form-data; boundary=x',
      'application/jsonx',
      '',
    ),
  },
);

/** `fc.option` with the value present `percent` % of the time. */
const sometimes = <T>(arb: fc.Arbitrary<T>, percent: number): fc.Arbitrary<T | undefined> =>
  fc.oneof({ weight: 100 - percent, arbitrary: fc.constant(undefined) }, { weight: percent, arbitrary: arb });

const ifMatch = sometimes(
  fc.oneof(
    { weight: 4, arbitrary: fc.constantFrom('1', '2', '"3"', 'W/"1"', '*') },
    { weight: 1, arbitrary: fc.constantFrom('0', '-1', 'abc', '1e3', '9'.repeat(30)) },
    { weight: 1, arbitrary: nastyString },
  ),
  25,
);

const opinionPut = fc
  .record({
    id: fixtureIdInPath,
    opinion: validOpinion,
    mutate: fc.option(fc.tuple(fc.nat(), hostileValue), { nil: undefined, freq: 2 }),
    extraKey: fc.option(
      fc.constantFrom('__proto__', 'constructor', 'prototype', 'fixtureId', 'inputsVersion'),
      {
        nil: undefined,
        freq: 4,
      },
    ),
    extraValue: hostileValue,
    ifMatch,
    contentType,
  })
  .map(({ id, opinion, mutate, extraKey, extraValue, ifMatch: im, contentType: ct }): FuzzRequest => {
    let body = mutate ? mutateAt(opinion, mutate[0], mutate[1]) : opinion;
    let text = toText(body);
    if (extraKey !== undefined && body !== null && typeof body === 'object' && !Array.isArray(body)) {
      // An own key named __proto__ only exists in JSON text, never in an object literal: splice it in.
      text = `{${JSON.stringify(extraKey)}:${toText(extraValue)},${text.slice(1)}`;
      body = undefined;
    }
    return {
      kind: mutate || extraKey ? 'opinion (hostile part)' : 'opinion (valid)',
      method: 'PUT',
      path: `/v1/fixtures/${id}`,
      headers: { 'content-type': ct, ...(im !== undefined ? { 'if-match': im } : {}) },
      body: text,
    };
  });

const priceRequest = fc
  .record({
    fixtureId: fc.oneof({ weight: 9, arbitrary: fixtureIdInPath }, { weight: 1, arbitrary: hostileValue }),
    legs: fc.oneof(
      { weight: 6, arbitrary: fc.array(validLeg, { minLength: 1, maxLength: 6 }) },
      { weight: 1, arbitrary: fc.array(validLeg, { minLength: 0, maxLength: 14 }) },
      { weight: 1, arbitrary: hostileValue },
    ),
    mutate: sometimes(fc.tuple(fc.nat(), hostileValue), 40),
    contentType,
  })
  .map(({ fixtureId, legs, mutate, contentType: ct }): FuzzRequest => {
    const body = { fixtureId, legs };
    const mutated = mutate ? mutateAt(body, mutate[0], mutate[1]) : body;
    return {
      kind: mutate ? 'price (hostile part)' : 'price (random legs)',
      method: 'POST',
      path: '/v1/price',
      headers: { 'content-type': ct },
      body: toText(mutated),
    };
  });

const opinionGet = fixtureIdInPath.map((id): FuzzRequest => ({
  kind: 'opinion read',
  method: 'GET',
  path: `/v1/fixtures/${id}`,
  headers: {},
}));

/** Bodies no parser should choke on: garbage, deep nesting, over-size, random JSON. */
const oddBody = fc
  .record({
    method: fc.constantFrom('POST', 'PUT'),
    id: fixtureIdInPath,
    body: fc.oneof(
      fc.jsonValue({ maxDepth: 4 }).map((v) => toText(v)),
      fc.string({ maxLength: 200 }),
      fc.string({ unit: 'binary', maxLength: 200 }),
      fc.integer({ min: 100, max: 2400 }).map((d) => `${'{"a":'.repeat(d)}1${'}'.repeat(d)}`),
      fc.integer({ min: 100, max: 8000 }).map((d) => `${'['.repeat(d)}${']'.repeat(d)}`),
      fc
        .integer({ min: 16 * 1024 - 20, max: 16 * 1024 + 20 })
        .map((n) => JSON.stringify({ pad: 'x'.repeat(n) })),
      fc.constantFrom(
        '',
        '{',
        'null',
        '[]',
        '"just a string"',
        '{"__proto__":{"polluted":true}}',
        '{"constructor":{"prototype":{"polluted":true}}}',
        JSON.stringify({ pad: 'y'.repeat(1_200_000) }),
      ),
    ),
  })
  .map(({ method, id, body }): FuzzRequest => ({
    kind: 'odd body',
    method,
    path: method === 'POST' ? '/v1/price' : `/v1/fixtures/${id}`,
    headers: { 'content-type': 'application/json' },
    body,
  }));

const oddRoute = fc
  .record({
    method: fc.constantFrom('GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS'),
    path: fc.constantFrom(
      '/',
      '/v1',
      '/v1/price/',
      '/v1/pricex',
      '/v1/fixtures/a/b',
      '/V1/PRICE',
      '/v1/price?x=%ZZ',
      '/%2e%2e/%2e%2e/etc/passwd',
      '/health',
    ),
  })
  .map(({ method, path }): FuzzRequest => ({
    kind: 'odd route',
    method,
    path,
    headers: { 'content-type': 'application/json' },
    ...(method === 'GET' || method === 'OPTIONS' ? {} : { body: '{}' }),
  }));

/** The mix the fuzz suite draws from. */
export const fuzzRequest: fc.Arbitrary<FuzzRequest> = fc.oneof(
  { weight: 5, arbitrary: opinionPut },
  { weight: 6, arbitrary: priceRequest },
  { weight: 1, arbitrary: opinionGet },
  { weight: 2, arbitrary: oddBody },
  { weight: 1, arbitrary: oddRoute },
);

/** Which error codes each status may carry: the contract's, plus the local server's own routing answers. */
export const CODES_BY_STATUS: Readonly<Record<number, readonly string[]>> = {
  400: ['INVALID_REQUEST'],
  404: ['FIXTURE_NOT_FOUND', 'PLAYER_NOT_FOUND', 'ROUTE_NOT_FOUND'],
  405: ['METHOD_NOT_ALLOWED'],
  409: ['FIXTURE_SUSPENDED', 'VERSION_CONFLICT'],
  413: ['PAYLOAD_TOO_LARGE'],
  415: ['UNSUPPORTED_MEDIA_TYPE'],
  422: ['NO_PRICE'],
  // A store call that outlives its budget on a busy shared machine: the contract's bounded answer, counted in the report.
  503: ['DEPENDENCY_UNAVAILABLE'],
};

/** Signs of internals in a body: stack frames, file paths, Node or SDK error names. */
export const INTERNALS =
  /\bat [^\s]+ \(|node:internal|node_modules|\/work\/|\.ts:\d+|\bstack\b|Exception\b|TypeError|RangeError/;

/**
 * What is wrong with one response, or undefined when it is what the contract allows: a contract status; for an
 * error, exactly `{error: {code, message, details?}}` with the code its status allows; for a 200, the route's shape.
 */
export function problemWith(req: FuzzRequest, status: number, text: string): string | undefined {
  if (status !== 200 && CODES_BY_STATUS[status] === undefined)
    return `status ${status} is not a contract status`;
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return `body is not JSON: ${text.slice(0, 120)}`;
  }
  if (INTERNALS.test(text)) return `body shows internals: ${text.slice(0, 200)}`;
  if (status !== 200) {
    const b = body as { error?: Record<string, unknown> };
    const keys = Object.keys(b ?? {});
    if (keys.length !== 1 || keys[0] !== 'error' || typeof b.error !== 'object' || b.error === null)
      return `not the error shape: ${text.slice(0, 200)}`;
    const e = b.error;
    const extra = Object.keys(e).filter((k) => !['code', 'message', 'details'].includes(k));
    if (extra.length > 0) return `unexpected error fields ${extra.join(', ')}`;
    if (typeof e.code !== 'string' || !CODES_BY_STATUS[status]!.includes(e.code))
      return `code ${String(e.code)} does not belong to status ${status}`;
    if (typeof e.message !== 'string' || e.message === '') return 'error without a message';
    if (
      e.details !== undefined &&
      !(
        Array.isArray(e.details) &&
        e.details.every(
          (d: { path?: unknown; message?: unknown }) =>
            typeof d.path === 'string' && typeof d.message === 'string',
        )
      )
    )
      return `malformed details: ${JSON.stringify(e.details).slice(0, 200)}`;
    return undefined;
  }
  const b = body as Record<string, unknown>;
  if (req.path === '/v1/price') {
    const p = b.probability;
    const odds = (b.odds as { decimal?: unknown } | undefined)?.decimal;
    if (typeof p !== 'number' || !(p > 0 && p <= 1)) return `price with probability ${String(p)}`;
    if (typeof odds !== 'number' || odds < 1.01) return `price with odds ${String(odds)}`;
    if (!Number.isInteger(b.inputsVersion)) return 'price without an integer inputsVersion';
  } else if (req.path.startsWith('/v1/fixtures/')) {
    if (!Number.isInteger(b.inputsVersion) || (b.inputsVersion as number) < 1)
      return 'opinion without inputsVersion';
    if (typeof b.updatedAt !== 'string') return 'opinion without updatedAt';
  }
  return undefined;
}
