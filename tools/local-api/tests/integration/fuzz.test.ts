import fc from 'fast-check';
import { useLocalApi } from '../support/localApi';
import { FUZZ_FIXTURES, fuzzRequest, problemWith, type FuzzRequest } from '../support/fuzz';
import { call, rawRequest } from '../support/http';

// `npm test` runs a bounded sample; `npm run fuzz -w @betbuilder/local-api` a long one (FUZZ_RUNS, FUZZ_SEED).
const RUNS = Number(process.env.FUZZ_RUNS ?? 300);
const SEED = process.env.FUZZ_SEED !== undefined ? Number(process.env.FUZZ_SEED) : undefined;

/** One request as raw HTTP/1.1 bytes (any header value, any body), on its own connection. */
function toWire(req: FuzzRequest): Buffer {
  const body = req.body === undefined ? undefined : Buffer.from(req.body, 'utf8');
  const lines = [`${req.method} ${req.path} HTTP/1.1`, 'Host: 127.0.0.1', 'Connection: close'];
  if (body !== undefined) lines.push(`Content-Length: ${body.byteLength}`);
  for (const [k, v] of Object.entries(req.headers)) {
    // Header injection is not what this suite tests: CR/LF would only split the request into two.
    if (k === 'content-type' && v === '') continue;
    lines.push(`${k}: ${v.replace(/[\r\n]/g, ' ')}`);
  }
  return Buffer.concat([Buffer.from(`${lines.join('\r\n')}\r\n\r\n`, 'utf8'), body ?? Buffer.alloc(0)]);
}

describe('fuzzing the local API (real redis-server and dynalite)', () => {
  const lines: string[] = [];
  const { api } = useLocalApi({
    table: 'opinions-fuzz',
    // dynalite in its own process, as DynamoDB is: model builds on this event loop must not stall the store.
    services: { dynamo: { mode: 'process' } },
    primeOnWrite: 'background',
    env: { DEPENDENCY_TIMEOUT_MS: '3000' },
    log: (line) => lines.push(line),
  });

  it(
    `answers ${RUNS} random requests with contract statuses and error shapes, never 500 or internals`,
    async () => {
      // Prepare
      const counts = new Map<string, number>();

      // Act / Assess (per request)
      await fc.assert(
        fc.asyncProperty(fuzzRequest, async (req) => {
          const res = await rawRequest(api.port, toWire(req), 20_000);
          const problem = problemWith(req, res.status, res.body);
          const key = `${req.kind} -> ${res.status}`;
          counts.set(key, (counts.get(key) ?? 0) + 1);
          if (problem !== undefined) {
            throw new Error(`${req.method} ${req.path} (${req.kind}) got ${res.status}: ${problem}`);
          }
        }),
        { numRuns: RUNS, ...(SEED !== undefined ? { seed: SEED } : {}), endOnFailure: true },
      );
      await api.idle();

      // Assess: still up, nothing polluted, every stored fuzz fixture a readable opinion, no 500 in the request log
      expect((await call(api.url, 'GET', '/health')).status).toBe(200);
      expect(({} as Record<string, unknown>).polluted).toBeUndefined();
      for (const id of FUZZ_FIXTURES) {
        expect([200, 404]).toContain((await call(api.url, 'GET', `/v1/fixtures/${id}`)).status);
      }
      expect(lines.filter((l) => / 5\d\d /.test(l))).toEqual([]);
      const total = [...counts.values()].reduce((a, b) => a + b, 0);
      expect(total).toBe(RUNS);
      if (process.env.FUZZ_RUNS !== undefined) {
        const table = [...counts.entries()].sort(([a], [b]) => a.localeCompare(b));
        process.stdout.write(
          `\nfuzz: ${total} requests\n${table.map(([k, n]) => `  ${k.padEnd(36)} ${n}`).join('\n')}\n` +
            `${JSON.stringify({ fuzz: { requests: total, byKindAndStatus: Object.fromEntries(table) } })}\n`,
        );
      }
    },
    Math.max(120_000, RUNS * 250),
  );
});
