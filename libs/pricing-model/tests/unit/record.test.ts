import {
  buildFixtureModel,
  fromRecord,
  MODEL_VERSION,
  modelByteSize,
  ModelRecordError,
  price,
  toRecord,
  type BuildHooks,
  type Leg,
  type ModelRecord,
  type SectionName,
} from '../../src/index';
import { modelOf, opinionInput, parsed } from './fixtures';

const legs: Leg[] = [
  { market: 'MATCH_RESULT', selection: 'HOME' },
  { market: 'TEAM_CARDS', team: 'AWAY', side: 'OVER', line: 1.5 },
  { market: 'TOTAL_CORNERS', side: 'OVER', line: 9.5 },
  { market: 'PLAYER_TO_SCORE', playerId: 'saka' },
];

describe('model record', () => {
  const model = modelOf(opinionInput());

  it('round-trips losslessly through a structured clone of the record', () => {
    // Prepare: what a cache does — copy the typed arrays and JSON the metadata.
    const record = toRecord(model);
    const copy: ModelRecord = {
      meta: JSON.parse(JSON.stringify(record.meta)) as unknown,
      arrays: structuredClone(record.arrays),
    };
    // Act
    const restored = fromRecord(copy);
    // Assess
    expect(restored).toEqual(model);
    expect(price(restored, legs)).toEqual(price(model, legs));
  });

  it("derives a decoded half's one-count marginals (not stored) as the sums of its table's blocks", () => {
    // Act
    const restored = fromRecord(toRecord(model));

    // Assess: each block's home / away / total counts summed straight from the table
    for (const process of ['cards', 'corners'] as const)
      for (const name of ['first', 'second'] as const) {
        const half = restored.periods[process][name];
        const kx = half.maxHome;
        const ky = half.maxAway;
        const block = (kx + 1) * (ky + 1);
        const blocks = half.table.length / block;
        const home = new Float32Array(blocks * (kx + 1));
        const away = new Float32Array(blocks * (ky + 1));
        const total = new Float32Array(blocks * (kx + ky + 1));
        for (let b = 0; b < blocks; b++) {
          const h = new Float64Array(kx + 1);
          const a = new Float64Array(ky + 1);
          const t = new Float64Array(kx + ky + 1);
          for (let x = 0; x <= kx; x++)
            for (let y = 0; y <= ky; y++) {
              const v = half.table[b * block + x * (ky + 1) + y]!;
              h[x]! += v;
              a[y]! += v;
              t[x + y]! += v;
            }
          home.set(h, b * (kx + 1));
          away.set(a, b * (ky + 1));
          total.set(t, b * (kx + ky + 1));
        }
        expect(half.home).toEqual(home);
        expect(half.away).toEqual(away);
        expect(half.total).toEqual(total);
        expect(half.total).toEqual(model.periods[process][name].total);
      }
  });

  it('refuses a record of another model version or with a wrong array', () => {
    const record = toRecord(model);
    const meta = record.meta as Record<string, unknown>;
    expect(() => fromRecord({ ...record, meta: { ...meta, modelVersion: '1999.1.1' } })).toThrow(
      /model version/,
    );
    expect(() => fromRecord({ ...record, arrays: { ...record.arrays, goals: new Float32Array(3) } })).toThrow(
      /goals/,
    );
    expect(() => fromRecord({ meta: null, arrays: {} })).toThrow(MODEL_VERSION);
    expect(() => fromRecord({ meta: null, arrays: {} })).toThrow(ModelRecordError);
  });

  it('reports its size as the arrays plus the metadata', () => {
    const record = toRecord(model);
    const arrays = Object.values(record.arrays).reduce((s, a) => s + a.byteLength, 0);
    expect(modelByteSize(model)).toBeGreaterThan(arrays);
    expect(modelByteSize(model)).toBeLessThan(arrays + 10_000);
  });
});

describe('buildFixtureModel', () => {
  it('runs every section through the hook, in order, and times each', () => {
    // Prepare: the hook times each section from outside, around the library's own timing
    const seen: SectionName[] = [];
    const outside: Partial<Record<SectionName, number>> = {};
    const hooks: BuildHooks = {
      section<T>(name: SectionName, fn: () => T): T {
        seen.push(name);
        const t0 = performance.now();
        try {
          return fn();
        } finally {
          outside[name] = performance.now() - t0;
        }
      },
    };
    // Act
    const t0 = performance.now();
    const model = buildFixtureModel(parsed(opinionInput({ gameState: false })), hooks);
    const total = performance.now() - t0;
    // Assess: each section's time is real (the goals chain takes measurable time) and within what the hook saw
    expect(seen).toEqual(['goals', 'cards', 'corners', 'players']);
    for (const name of seen) {
      expect(model.timingsMs[name]).toBeGreaterThanOrEqual(0);
      expect(model.timingsMs[name]).toBeLessThanOrEqual(outside[name] as number);
    }
    expect(model.timingsMs.cards).toBeGreaterThan(0);
    expect(seen.reduce((s, name) => s + model.timingsMs[name], 0)).toBeLessThanOrEqual(total);
    expect(model.modelVersion).toBe(MODEL_VERSION);
    expect(model.options).toEqual({ dixonColesRho: -0.05, gameState: false, cornersDispersion: 1.15 });
  });

  it('is deterministic', () => {
    const opinion = parsed(opinionInput({ gameState: false }));
    const a = toRecord(buildFixtureModel(opinion));
    const b = toRecord(buildFixtureModel(opinion));
    expect(b.arrays).toEqual(a.arrays);
  });
});
