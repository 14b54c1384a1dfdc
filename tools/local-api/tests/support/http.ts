/** The contract's error body. */
export interface ErrorBody {
  error: {
    code: string;
    message: string;
    details?: { path: string; message: string }[];
    correlationId?: string;
  };
}

export interface Reply<T = unknown> {
  status: number;
  headers: Headers;
  body: T;
  ms: number;
}

/** One JSON request to the local API; the body may be a raw string (to send malformed JSON). */
export async function call<T = unknown>(
  baseUrl: string,
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<Reply<T>> {
  const started = Date.now();
  const res = await fetch(`${baseUrl}${path}`, {
    method,
    headers: { 'content-type': 'application/json', ...headers },
    ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
  });
  const text = await res.text();
  return {
    status: res.status,
    headers: res.headers,
    body: (text ? JSON.parse(text) : undefined) as T,
    ms: Date.now() - started,
  };
}

/** The API contract's example opinion (without fixtureId: the path carries it). */
export function opinion(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    competition: 'Premier League',
    kickoff: '2026-12-05T15:00:00Z',
    status: 'OPEN',
    home: { name: 'Arsenal', goals: 1.5, cards: 1.6, corners: 5.8 },
    away: { name: 'Chelsea', goals: 1.1, cards: 1.8, corners: 4.7 },
    players: [
      {
        playerId: 'saka',
        name: 'Bukayo Saka',
        team: 'HOME',
        goalShare: 0.35,
        cardShare: 0.25,
        expectedMinutes: 90,
      },
    ],
    model: { dixonColesRho: -0.1, gameState: true, cornersDispersion: 1.15 },
    ...overrides,
  };
}

export const CONTRACT_LEGS = [
  { market: 'MATCH_RESULT', selection: 'HOME' },
  { market: 'TOTAL_GOALS', side: 'OVER', line: 2.5 },
  { market: 'TOTAL_CARDS', side: 'OVER', line: 3.5 },
  { market: 'PLAYER_TO_SCORE', playerId: 'saka' },
];
