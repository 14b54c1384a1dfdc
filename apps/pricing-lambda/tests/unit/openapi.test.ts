import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import {
  CONTRACT_EXAMPLE_OPINION,
  legSchema,
  opinionSchema,
  parseOpinion,
  priceRequestSchema,
} from '@betbuilder/pricing-model';
import { createConfig, lintFromString } from '@redocly/openapi-core';
import fc from 'fast-check';
import {
  API_ERROR_STATUS,
  buildOpenApiDocument,
  ERROR_EXAMPLES,
  LEG_DOCS,
  legComponentName,
  ROUTES,
  wrongRegionBody,
  type ApiErrorCode,
} from '../../src';
import { componentValidator } from '../support/openapiValidator';

type Operation = {
  requestBody?: { content: { 'application/json': { schema: { $ref: string }; example: unknown } } };
  responses: Record<
    string,
    {
      /** Absent for a response without a body (`304`). */
      content?: {
        'application/json': {
          schema: { $ref: string };
          example?: unknown;
          examples?: Record<string, { value: unknown }>;
        };
      };
    }
  >;
};

describe('the OpenAPI document', () => {
  const doc = buildOpenApiDocument();
  const schemaFor = componentValidator(doc);
  const componentOf = (ref: string) => ref.replace('#/components/schemas/', '');

  it('passes the Redocly linter (recommended-strict) without a problem', async () => {
    // Prepare
    // GET /health (local server only) has no client error to document; every other operation must have its 4xx.
    const config = await createConfig({
      extends: ['recommended-strict'],
      rules: { 'operation-4xx-response': 'off' },
    });

    // Act
    const problems = await lintFromString({
      source: JSON.stringify(doc),
      absoluteRef: join(__dirname, '..', '..', '..', '..', 'docs', 'openapi.json'),
      config,
    });

    // Assess
    expect(problems.map((p) => `${p.ruleId}: ${p.message} at ${p.location[0]?.pointer ?? ''}`)).toEqual([]);
  });

  it('is what docs/openapi.json, docs/api.md and the client types say (run `npm run api:generate` when this fails)', () => {
    // Act: in a child process (openapi-typescript is ESM inside; jest runs CommonJS).
    const run = spawnSync(
      process.execPath,
      ['--import', 'tsx', join(__dirname, '..', '..', 'bin', 'generateApi.ts'), '--check'],
      {
        encoding: 'utf8',
        timeout: 60_000,
      },
    );

    // Assess
    expect({ status: run.status, stderr: run.stderr }).toEqual({ status: 0, stderr: '' });
  });

  it('has every route of the registry, and every error code of the contract on some route', () => {
    // Act
    const operations = Object.entries(doc.paths).flatMap(([path, ops]) =>
      Object.keys(ops).map((m) => `${m.toUpperCase()} ${path}`),
    );
    const used = new Set(ROUTES.flatMap((r) => r.errors));

    // Assess
    expect(operations.sort()).toEqual(ROUTES.map((r) => `${r.method} ${r.path}`).sort());
    expect(Object.keys(API_ERROR_STATUS).filter((c) => !used.has(c as ApiErrorCode))).toEqual([]);
  });

  it('publishes one component per leg of the price request, with a description and an example the schema accepts', () => {
    // Act
    const markets = legSchema.options.map((o) => o.shape.market.value);

    // Assess
    expect(Object.keys(LEG_DOCS).sort()).toEqual([...markets].sort());
    for (const market of markets) {
      const example = LEG_DOCS[market].example;
      expect(legSchema.safeParse(example).success).toBe(true);
      expect(schemaFor(legComponentName(market))(example)).toBe(true);
      expect(schemaFor('Leg')(example)).toBe(true);
    }
  });

  it('has request and response examples that both the zod schemas and the published schemas accept', () => {
    for (const route of ROUTES) {
      // Prepare
      const op = doc.paths[route.path]![route.method.toLowerCase()] as Operation;

      // Act
      const body = op.requestBody?.content['application/json'];
      const ok = op.responses['200']!.content!['application/json'];

      // Assess
      expect([
        route.operationId,
        body === undefined || schemaFor(componentOf(body.schema.$ref))(body.example),
        body === undefined || route.body!.schema.safeParse(body.example).success,
      ]).toEqual([route.operationId, true, true]);
      expect([route.operationId, schemaFor(componentOf(ok.schema.$ref))(ok.example)]).toEqual([
        route.operationId,
        true,
      ]);
      expect(route.ok.schema.safeParse(ok.example).success).toBe(true);
      for (const [status, res] of Object.entries(op.responses)) {
        for (const [code, ex] of Object.entries(res.content?.['application/json'].examples ?? {})) {
          expect([
            code,
            String(API_ERROR_STATUS[code as ApiErrorCode]),
            schemaFor('ErrorResponse')(ex.value),
          ]).toEqual([code, status, true]);
        }
      }
    }
    expect(Object.keys(ERROR_EXAMPLES).sort()).toEqual(Object.keys(API_ERROR_STATUS).sort());
  });

  it('accepts exactly the leg lines zod accepts (the half-line rule has no zod JSON Schema form)', () => {
    // Prepare
    const line = fc.oneof(
      fc.integer({ min: -5, max: 1200 }).map((n) => n / 2),
      fc.double({ min: -10, max: 1200, noNaN: true }),
    );

    // Act + Assess
    fc.assert(
      fc.property(line, fc.constantFrom('TOTAL_GOALS', 'TOTAL_CARDS', 'TOTAL_CORNERS'), (l, market) => {
        const leg = { market, side: 'OVER', line: l };
        expect(schemaFor('Leg')(leg)).toBe(legSchema.safeParse(leg).success);
      }),
      { numRuns: 300 },
    );
  });

  it('agrees with zod on random price requests and opinions (valid and broken)', () => {
    // Prepare: valid examples, then one field broken at a time.
    const valid = [
      { fixtureId: 'epl-2026-12-05-ars-che', legs: Object.values(LEG_DOCS).map((d) => d.example) },
    ];
    const breakers = fc.constantFrom<((r: Record<string, unknown>) => unknown)[]>(
      (r) => ({ ...r, fixtureId: 'X' }),
      (r) => ({ ...r, legs: [] }),
      (r) => ({ ...r, legs: Array.from({ length: 13 }, () => LEG_DOCS.MATCH_RESULT.example) }),
      (r) => ({ ...r, legs: [{ market: 'NOPE' }] }),
      (r) => ({ ...r, legs: [{ market: 'CORRECT_SCORE', home: 10, away: 0 }] }),
      (r) => ({ ...r, legs: [{ market: 'PLAYER_TO_SCORE', playerId: '-x' }] }),
      (r) => r,
    );

    // Act + Assess
    fc.assert(
      fc.property(fc.constantFrom(...valid), breakers, (request, breakIt) => {
        const candidate = breakIt(request);
        expect(schemaFor('PriceRequest')(candidate)).toBe(priceRequestSchema.safeParse(candidate).success);
      }),
      { numRuns: 50 },
    );
  });

  it('agrees with zod on opinions, valid and broken one field at a time', () => {
    // Prepare
    const breakers: ((o: Record<string, unknown>) => unknown)[] = [
      (o) => o,
      (o) => ({ ...o, status: 'CLOSED' }),
      (o) => ({ ...o, home: { ...(o.home as object), goals: 7 } }),
      (o) => ({ ...o, away: { name: 'x', goals: 1, cards: 1 } }),
      (o) => ({ ...o, kickoff: 'tomorrow' }),
      (o) => ({
        ...o,
        players: [{ playerId: 'A', name: 'x', team: 'HOME', goalShare: 0, cardShare: 0, expectedMinutes: 0 }],
      }),
      (o) => ({ ...o, model: { cornersDispersion: 0.5 } }),
    ];

    for (const breakIt of breakers) {
      // Act
      const candidate = breakIt({ ...structuredClone(CONTRACT_EXAMPLE_OPINION) });

      // Assess
      expect(schemaFor('Opinion')(candidate)).toBe(opinionSchema.safeParse(candidate).success);
    }
  });

  it('documents 421 WRONG_REGION on exactly the homed routes, each with its own message naming the home region', () => {
    // Act
    const with421 = ROUTES.filter((r) => {
      const op = doc.paths[r.path]![r.method.toLowerCase()] as Operation;
      return op.responses['421'] !== undefined;
    });
    const examples = with421.map((r) => {
      const op = doc.paths[r.path]![r.method.toLowerCase()] as Operation;
      return op.responses['421']!.content!['application/json'].examples!['WRONG_REGION']!.value;
    });

    // Assess
    expect(with421.map((r) => `${r.method} ${r.path}`)).toEqual([
      'POST /v1/quotes/verify',
      'GET /v1/fixtures',
      'PUT /v1/fixtures/{fixtureId}',
      'GET /v1/fixtures/{fixtureId}',
    ]);
    expect(with421.map((r) => r.homed)).toEqual(['quotes', 'opinions', 'opinions', 'opinions']);
    expect(examples).toEqual(with421.map((r) => wrongRegionBody(r.homed!, 'eu-west-1')));
    expect(examples.every((e) => schemaFor('ErrorResponse')(e))).toBe(true);
  });

  it("publishes the opinion's inPlay state as a component whose example the opinion parser accepts", () => {
    // Prepare
    const inPlay = doc.components.schemas['InPlay'] as { examples: unknown[] };
    const opinion = { ...structuredClone(CONTRACT_EXAMPLE_OPINION), inPlay: inPlay.examples[0] };

    // Act
    const parsed = parseOpinion(opinion);

    // Assess
    expect(parsed.ok).toBe(true);
    expect(schemaFor('InPlay')(inPlay.examples[0])).toBe(true);
    expect(schemaFor('Opinion')(opinion)).toBe(true);
    expect(schemaFor('InPlay')({ ...(inPlay.examples[0] as object), minute: 95 })).toBe(false);
  });

  it("lists an in-play fixture's minute in GET /v1/fixtures and nothing else of its state", () => {
    // Prepare
    const summary = {
      fixtureId: 'epl-2026-12-06-liv-mci',
      status: 'OPEN',
      inputsVersion: 7,
      updatedAt: '2026-12-01T09:00:00.000Z',
      home: { name: 'Liverpool' },
      away: { name: 'Manchester City' },
    };

    // Act + Assess
    expect(schemaFor('FixtureSummary')({ ...summary, inPlay: { minute: 63 } })).toBe(true);
    expect(
      schemaFor('FixtureSummary')({ ...summary, inPlay: { minute: 63, score: { home: 1, away: 0 } } }),
    ).toBe(false);
  });
});
