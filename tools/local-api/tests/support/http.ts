import { CONTRACT_EXAMPLE_LEGS, CONTRACT_EXAMPLE_OPINION } from '@betbuilder/pricing-model';
import { assertMatchesSpec } from './specCheck';

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

/**
 * One JSON request to the local API; the body may be a raw string (to send malformed JSON). Every answer of a documented
 * route is checked against the OpenAPI document (status and body), so every API test also tests the document.
 */
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
  const parsed: unknown = text ? JSON.parse(text) : undefined;
  assertMatchesSpec(method, path, res.status, parsed);
  return { status: res.status, headers: res.headers, body: parsed as T, ms: Date.now() - started };
}

/** The API contract's example opinion, a fresh copy, without fixtureId (the path carries it). */
export function opinion(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  const { fixtureId: _inPath, ...body } = structuredClone(CONTRACT_EXAMPLE_OPINION);
  return { ...body, ...overrides };
}

/** The contract's example price request. */
export const CONTRACT_LEGS = CONTRACT_EXAMPLE_LEGS;
