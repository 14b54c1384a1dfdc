import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { runLoadTest } from '../../src/experiment';
import { writeReport } from '../../src/report';
import type { LoadTestReport } from '../../src/types/report';

// One short end-to-end run on the real stack: esbuild bundles of the real handlers in 2 container
// processes, dynalite and redis-server processes, seeding through the opinion handler, the primer.
describe('runLoadTest (local pool, real handlers)', () => {
  it('runs configurations A and C on the same traffic and reports them', async () => {
    // Prepare
    const out = mkdtempSync(join(tmpdir(), 'lt-int-'));
    const lines: string[] = [];
    const sink = Object.assign(new Writable({ write: (_c, _e, cb) => cb() }), { isTTY: false });

    try {
      // Act
      const report: LoadTestReport = await runLoadTest(
        {
          durationS: 3,
          ratePerSec: 15,
          fixtures: 6,
          containers: 2,
          warm: 2,
          seed: 'it',
          updateRatePerSec: 1,
          arrival: 'poisson',
          zipfS: 1,
          configs: ['A', 'C'],
          xray: false,
          containerEnv: {},
          daxItemTtlMs: 1000,
          outDir: out,
          skipSeed: false,
          verifyShare: 0.5,
          inPlayShare: 0.34,
          verifyDelayMs: 500,
          faults: false,
          faultPauseS: 10,
          scaling: [],
        },
        { log: (l) => lines.push(l), progressStream: sink, command: 'jest' },
      );
      const files = writeReport(report, out);

      // Assess
      expect(report.configurations.map((c) => c.name)).toEqual(['A', 'C']);
      const [a, c] = report.configurations as [
        LoadTestReport['configurations'][0],
        LoadTestReport['configurations'][0],
      ];
      expect(a.requests).toBe(c.requests);
      expect(a.requests).toBeGreaterThan(20);
      for (const cfg of [a, c]) {
        expect(cfg.errors).toBe(0);
        expect(cfg.hits.L1 + cfg.hits.L2 + cfg.hits.COMPUTED + cfg.hits.STALE).toBe(
          cfg.requests - cfg.noPrice,
        );
        expect(cfg.containers).toBeGreaterThanOrEqual(2);
        expect(cfg.p50Ms).toBeGreaterThan(0);
        expect(cfg.p95Ms).toBeLessThanOrEqual(cfg.maxMs);
        expect(cfg.timeline?.reduce((s, t) => s + t.requests, 0)).toBe(cfg.requests);
        expect(cfg.steady?.count).toBeLessThanOrEqual(cfg.requests);
        // Bet placement: half the priced bets verified 0.5 s later in the verify containers, with the key the price
        // containers signed with (no INVALID_QUOTE), and no stale acceptance.
        const q = cfg.quotes!;
        expect(q.verified).toBeGreaterThan(0);
        // A leg that a newer in-play state decided during the bet delay (a goal settles a correct score) has no price at
        // that state: `422 NO_PRICE`, the verifier's documented answer; nothing else may fall outside the four outcomes.
        const { ['422 NO_PRICE']: decided = 0, ...other } = q.otherByCode;
        expect(q.accepted + q.priceChanged + q.expired + q.suspended + decided).toBe(q.verified);
        expect(other).toEqual({});
        expect(q.staleAccepted).toBe(0);
      }
      // In play: 2 of the 6 fixtures get a state update every 3 s through the opinion handler; C never prices one of
      // them from a version older than a write acknowledged before the price was sent.
      expect(c.inPlay?.fixtures).toBe(2);
      expect(c.inPlay?.updates).toBeGreaterThan(0);
      expect(c.inPlay?.updateErrors).toBe(0);
      expect(c.inPlay?.stale).toBe(0);
      // A builds models in the containers; C's primer built every seeded fixture on write.
      expect(a.computesOnRequest).toBeGreaterThan(0);
      expect(c.primedAtSeed).toBe(6);
      expect(c.hits.L2 + c.hits.L1).toBeGreaterThan(0);
      // A's price containers read opinions through the DAX stand-in (C's read the current-version pointers instead).
      expect((a.daxStandIn?.hits ?? 0) + (a.daxStandIn?.misses ?? 0)).toBeGreaterThan(0);
      expect(a.daxStandIn?.errors).toBe(0);
      expect(c.daxStandIn?.errors).toBe(0);
      expect(report.params.daxItemTtlMs).toBe(1000);
      expect(lines.some((l) => l.includes('seeded and verified 6 fixtures'))).toBe(true);
      const json = JSON.parse(readFileSync(files.json, 'utf8')) as LoadTestReport;
      expect(json.configurations).toHaveLength(2);
      expect(readFileSync(files.png).subarray(1, 4).toString()).toBe('PNG');
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  }, 120_000);
});
