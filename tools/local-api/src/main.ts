// `npm start`: the pricing API on 127.0.0.1 with demo data. Reads its settings from the environment (this is the edge).
import { CONTRACT_EXAMPLE_LEGS, CONTRACT_EXAMPLE_OPINION } from '@betbuilder/pricing-model';
import { DEMO_FIXTURES } from './demoFixtures';
import { startLocalApi } from './startLocalApi';

// Local defaults: no EMF metric lines on stdout, only warnings from the handlers' JSON logger. Override by exporting them.
process.env.POWERTOOLS_METRICS_DISABLED ??= 'true';
process.env.POWERTOOLS_LOG_LEVEL ??= 'WARN';

async function main(): Promise<void> {
  const port = process.env.PORT !== undefined && process.env.PORT !== '' ? Number(process.env.PORT) : 3000;
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new Error(`PORT must be a TCP port, got '${process.env.PORT}'`);
  const quiet = process.env.LOCAL_API_QUIET === 'true';
  const api = await startLocalApi({
    port,
    dynamodbEndpoint: process.env.DYNAMODB_ENDPOINT || undefined,
    redisUrl: process.env.REDIS_URL || undefined,
    env: process.env,
    log: (line) => {
      if (!quiet || line.startsWith('warning')) console.log(line);
    },
  });

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`\n${signal}: stopping…`);
    const force = setTimeout(() => process.exit(1), 5000);
    force.unref();
    void api.stop().then(() => process.exit(0));
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
  if (process.env.LOCAL_API_WATCH_PARENT === '1') {
    // Started by bin/start.mjs: if that launcher is killed outright, do not live on as an orphan.
    const parent = process.ppid;
    setInterval(() => {
      if (process.ppid !== parent) stop('launcher exited');
    }, 1000).unref();
  }

  const demo = DEMO_FIXTURES[0]!;
  const newFixtureId = 'epl-2026-12-20-ars-liv';
  // The contract's example opinion for another fixture: its competition, status and Saka; another kickoff, Liverpool
  // away with Salah (the PUT body: the path carries the fixtureId).
  const { fixtureId: _exampleId, model: _model, ...example } = CONTRACT_EXAMPLE_OPINION;
  const saka = example.players[0]!;
  const salah = {
    ...saka,
    playerId: 'salah',
    name: 'Mohamed Salah',
    team: 'AWAY',
    goalShare: 0.38,
    cardShare: 0.06,
  };
  const put = {
    ...example,
    kickoff: '2026-12-20T17:30:00Z',
    home: { name: 'Arsenal', goals: 1.45, cards: 1.7, corners: 6.1 },
    away: { name: 'Liverpool', goals: 1.35, cards: 1.5, corners: 5.6 },
    players: [saka, salah],
  };
  const priceRequest = {
    fixtureId: demo.fixtureId,
    legs: CONTRACT_EXAMPLE_LEGS,
  };
  const cacheLine =
    api.redisAtStart === 'ready'
      ? `Redis ${api.redisUrl}`
      : api.redisAtStart === 'unreachable'
        ? `in process until Redis ${api.redisUrl} answers`
        : 'in-process only (no Redis)';
  console.log(`
Pricing API listening on ${api.url}
  DynamoDB ${api.dynamodbEndpoint} (${api.seeded.length} demo fixtures seeded), model cache: ${cacheLine}
  Routes: GET /health · POST /v1/price · GET /v1/fixtures · PUT|GET /v1/fixtures/{fixtureId} ·
          GET /v1/fixtures/{fixtureId}/markets · POST /v1/quotes/verify
  API reference: ${api.url}/docs (OpenAPI document: ${api.url}/openapi.json)

Demo fixtures (fixtureId: home v away, players to try; all of them: curl -s ${api.url}/v1/fixtures):
${fixtureLines()}

Price a bet (Arsenal to win, over 2.5 goals, over 3.5 cards, Saka to score):
  curl -s -X POST ${api.url}/v1/price -H 'content-type: application/json' \\
    -d '${JSON.stringify(priceRequest)}'

Verify the price's quote, as bet placement does before it accepts the bet (quotes live 30 s; the key is generated at start):
  TOKEN=$(curl -s -X POST ${api.url}/v1/price -H 'content-type: application/json' \\
    -d '${JSON.stringify(priceRequest)}' | node -pe 'JSON.parse(require("fs").readFileSync(0)).quote.token')
  curl -s -X POST ${api.url}/v1/quotes/verify -H 'content-type: application/json' -d "{\\"token\\":\\"$TOKEN\\"}"

The fixture's menu (every single selection with its price, each leg ready to send to /v1/price):
  curl -s ${api.url}/v1/fixtures/${demo.fixtureId}/markets

Write a trader's opinion for a new fixture (answers with its inputsVersion; send If-Match: <inputsVersion> to update it):
  curl -s -X PUT ${api.url}/v1/fixtures/${newFixtureId} -H 'content-type: application/json' \\
    -d '${JSON.stringify(put)}'

Ctrl-C to stop.
`);
}

/** One line per demo fixture: its id, the teams, two players of each side and its status when not open. */
function fixtureLines(): string {
  const width = Math.max(...DEMO_FIXTURES.map((f) => f.fixtureId.length));
  return DEMO_FIXTURES.map((f) => {
    const players = (team: 'HOME' | 'AWAY') =>
      f.players
        .filter((p) => p.team === team)
        .slice(0, 2)
        .map((p) => p.playerId)
        .join(', ');
    const status = f.status === 'OPEN' ? '' : ` [${f.status}]`;
    return `  ${f.fixtureId.padEnd(width)}  ${f.home.name} v ${f.away.name}${status}: ${players('HOME')} | ${players('AWAY')}`;
  }).join('\n');
}

main().catch((err: unknown) => {
  console.error(`local API failed to start: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
