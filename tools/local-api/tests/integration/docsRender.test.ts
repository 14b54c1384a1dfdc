import { existsSync } from 'node:fs';
import { ROUTES } from '@betbuilder/pricing-lambda';
import { startTestServices, type TestServices } from '@betbuilder/test-harness';
import { chromium, type Browser } from 'playwright-core';
import { startLocalApi, type LocalApi } from '../../src';

// Debian's chromium (apt-get install chromium; .ci/run installs it). CHROMIUM_PATH points elsewhere if needed.
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

describe('/docs in a headless browser', () => {
  let services: TestServices;
  let api: LocalApi;
  let browser: Browser;

  beforeAll(async () => {
    if (!existsSync(CHROMIUM)) {
      throw new Error(
        `this test renders /docs in headless Chromium, but there is no browser at ${CHROMIUM}: ` +
          "install Debian's package (`apt-get install chromium`; .ci/run does) or set CHROMIUM_PATH",
      );
    }
    services = await startTestServices();
    api = await startLocalApi({
      port: 0,
      dynamodbEndpoint: services.dynamo.endpoint,
      redisUrl: false,
      seed: false,
      env: { TABLE_NAME: 'opinions-docs-test' },
    });
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--no-first-run',
      ],
    });
  }, 90_000);
  afterAll(async () => {
    await browser?.close();
    await api?.stop();
    await services?.stop();
  });

  it('renders every route of the OpenAPI document, loading nothing from anywhere but this server', async () => {
    // Prepare
    const page = await browser.newPage();
    const requested: string[] = [];
    const errors: string[] = [];
    page.on('request', (r) => requested.push(r.url()));
    page.on('pageerror', (e) => errors.push(e.message));

    // Act
    await page.goto(`${api.url}/docs`);
    await page.waitForSelector('.opblock-summary', { timeout: 30_000 });
    const blocks = page.locator('.opblock-summary');
    const shown: string[] = [];
    for (let i = 0; i < (await blocks.count()); i++) {
      const method = await blocks.nth(i).locator('.opblock-summary-method').textContent();
      const path = await blocks.nth(i).locator('.opblock-summary-path').getAttribute('data-path');
      shown.push(`${(method ?? '').trim()} ${(path ?? '').trim()}`);
    }
    const title = await page.textContent('.title');

    // Assess
    expect(shown.sort()).toEqual(ROUTES.map((r) => `${r.method} ${r.path}`).sort());
    expect(title).toContain('Bet-builder pricing API');
    expect(requested.filter((u) => !u.startsWith(api.url) && !u.startsWith('data:'))).toEqual([]);
    expect(errors).toEqual([]);
    await page.close();
  }, 60_000);
});
