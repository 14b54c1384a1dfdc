// Configuration F's price function: the floor. Same pool, HTTP front, events and traffic as the real price function,
// but it only parses the request (body JSON + the contract's price-request schema) and answers a fixed body: no store,
// no cache, no model. Whatever C costs above F is the service; F itself is the cost of the harness.
import { parsePriceRequest } from '@betbuilder/pricing-model';

interface ApiEvent {
  readonly body?: string | null;
  readonly isBase64Encoded?: boolean;
  readonly warmup?: boolean;
}

const FIXED = JSON.stringify({
  fixtureId: 'floor',
  inputsVersion: 1,
  modelVersion: 'floor',
  probability: 0.5,
  fairOdds: 2,
  margin: 0.05,
  odds: { decimal: 1.9, fractional: '9/10' },
  legs: [],
});

const HEADERS = { 'content-type': 'application/json' };

/**
 * The floor handler (bundled like a real handler by the load test).
 *
 * @example
 * await handler({ body: '{"fixtureId":"x","legs":[]}' }); // { statusCode: 400, … } or the fixed 200
 */
export function handler(event: ApiEvent): Promise<unknown> {
  if (event.warmup === true) return Promise.resolve({ warmed: true, containerId: 'floor', coldStart: false });
  let parsed: ReturnType<typeof parsePriceRequest> | undefined;
  try {
    const text = event.isBase64Encoded
      ? Buffer.from(event.body ?? '', 'base64').toString('utf8')
      : event.body;
    parsed = parsePriceRequest(JSON.parse(text ?? '') as unknown);
  } catch {
    parsed = undefined;
  }
  if (parsed === undefined || !parsed.ok) {
    return Promise.resolve({
      statusCode: 400,
      headers: HEADERS,
      body: JSON.stringify({ error: { code: 'INVALID_REQUEST', message: 'invalid price request' } }),
    });
  }
  return Promise.resolve({ statusCode: 200, headers: HEADERS, body: FIXED });
}
