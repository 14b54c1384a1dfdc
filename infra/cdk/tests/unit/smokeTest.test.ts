import { spawn } from 'node:child_process';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as path from 'node:path';

const SCRIPT = path.resolve(__dirname, '..', '..', 'scripts', 'smoke-test.mjs');

interface Seen {
  method?: string;
  url?: string;
  body?: unknown;
}

/** A local stand-in for the deployed stage: answers POST /live/v1/price with the given status and body. */
async function fakeStage(
  status: number,
  body: unknown,
): Promise<{ url: string; seen: Seen; close: () => Promise<void> }> {
  const seen: Seen = {};
  const server = http.createServer((req, res) => {
    let raw = '';
    req.on('data', (c: Buffer) => (raw += c.toString()));
    req.on('end', () => {
      seen.method = req.method;
      seen.url = req.url;
      seen.body = JSON.parse(raw) as unknown;
      res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/live/`,
    seen,
    close: () => new Promise((r) => server.close(() => r())),
  };
}

function runSmoke(apiUrl: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', SCRIPT], {
      env: {
        PATH: process.env['PATH'],
        API_URL: apiUrl,
        SMOKE_FIXTURE_ID: 'smoke-test-fixture',
        SMOKE_ATTEMPTS: '1',
      },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

const GOOD_PRICE = {
  fixtureId: 'smoke-test-fixture',
  inputsVersion: 1,
  modelVersion: '2026.12.1',
  probability: 0.25,
  fairOdds: 4,
  margin: 0.07,
  odds: { decimal: 3.6, fractional: '13/5' },
  legs: [],
};

describe('post-deploy smoke test script', () => {
  it('passes when the stage prices the seeded fixture, and sends a read-only price request', async () => {
    // Prepare
    const stage = await fakeStage(200, GOOD_PRICE);

    // Act
    const result = await runSmoke(stage.url);
    await stage.close();

    // Assess
    expect(result.code).toBe(0);
    expect(stage.seen).toMatchObject({
      method: 'POST',
      url: '/live/v1/price',
      body: { fixtureId: 'smoke-test-fixture' },
    });
    expect(result.stdout).toContain('smoke test passed');
  });

  it('fails with a seeding hint when the fixture is not in the environment', async () => {
    // Prepare
    const stage = await fakeStage(404, { error: { code: 'FIXTURE_NOT_FOUND', message: 'no opinion' } });

    // Act
    const result = await runSmoke(stage.url);
    await stage.close();

    // Assess
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("fixture 'smoke-test-fixture' is not seeded in this environment");
  });

  it('fails when the answer is not a plausible price', async () => {
    // Prepare: fair odds that are not 1 / probability
    const stage = await fakeStage(200, { ...GOOD_PRICE, fairOdds: 9 });

    // Act
    const result = await runSmoke(stage.url);
    await stage.close();

    // Assess
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('fairOdds 9 is not 1 / probability');
  });

  it('fails with an allow-list hint on 403', async () => {
    // Prepare
    const stage = await fakeStage(403, { message: 'User: anonymous is not authorized' });

    // Act
    const result = await runSmoke(stage.url);
    await stage.close();

    // Assess
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('allowedSourceCidrs');
  });
});
