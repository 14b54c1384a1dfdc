import { spawn } from 'node:child_process';
import { createSocket, type Socket } from 'node:dgram';
import { join } from 'node:path';
import { startTestServices, type TestServices } from '@betbuilder/test-harness';

interface XRayDocument {
  name?: string;
  annotations?: Record<string, unknown>;
  subsegments?: XRayDocument[];
}

function flatten(doc: XRayDocument, out: XRayDocument[] = []): XRayDocument[] {
  out.push(doc);
  for (const sub of doc.subsegments ?? []) flatten(sub, out);
  return out;
}

describe('X-Ray tracing of the price handler (price and menu routes)', () => {
  let services: TestServices;
  let daemon: Socket;
  const documents: XRayDocument[] = [];

  beforeAll(async () => {
    services = await startTestServices();
    daemon = createSocket('udp4');
    daemon.on('message', (msg) => {
      // Each datagram is a header line and one segment document.
      const body = msg.toString('utf8').split('\n').slice(1).join('\n');
      documents.push(JSON.parse(body) as XRayDocument);
    });
    await new Promise<void>((resolve) => daemon.bind(0, '127.0.0.1', () => resolve()));
  });
  afterAll(async () => {
    daemon.close();
    await services.stop();
  });

  it('emits the documented subsegments with the fixtureId and cacheSource annotations', async () => {
    // Prepare
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', join(__dirname, '..', 'support', 'xrayChild.ts')],
      {
        env: {
          ...process.env,
          LAMBDA_TASK_ROOT: '/var/task',
          AWS_EXECUTION_ENV: 'AWS_Lambda_nodejs20.x',
          AWS_LAMBDA_FUNCTION_NAME: '',
          _X_AMZN_TRACE_ID: 'Root=1-67891233-abcdef012345678912345678;Parent=53995c3f42cd8ad8;Sampled=1',
          AWS_XRAY_DAEMON_ADDRESS: `127.0.0.1:${daemon.address().port}`,
          AWS_XRAY_CONTEXT_MISSING: 'IGNORE_ERROR',
          AWS_REGION: 'eu-west-1',
          TABLE_NAME: 'opinions-xray',
          DYNAMODB_ENDPOINT: services.dynamo.endpoint,
          REDIS_URL: services.redis.url,
          POWERTOOLS_METRICS_DISABLED: 'true',
          POWERTOOLS_LOG_LEVEL: 'SILENT',
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));

    // Act
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
    await new Promise((r) => setTimeout(r, 100));

    // Assess
    expect({
      code,
      output: output.includes('status 200'),
      markets: output.includes('markets status 200'),
    }).toEqual({
      code: 0,
      output: true,
      markets: true,
    });
    const all = documents.flatMap((d) => flatten(d));
    const names = new Set(all.map((d) => d.name));
    for (const name of [
      'opinion.get',
      'cache.l1',
      'cache.l2',
      'model.goals',
      'model.cards',
      'model.corners',
      'model.players',
      'price',
      '## markets',
      'markets',
    ]) {
      expect([...names]).toContain(name);
    }
    const annotated = all.find((d) => d.annotations?.fixtureId !== undefined);
    expect(annotated?.annotations).toMatchObject({
      fixtureId: 'epl-2026-12-05-ars-che',
      cacheSource: 'COMPUTED',
    });
    expect([...names]).toContain('DynamoDB');
  }, 60_000);
});
