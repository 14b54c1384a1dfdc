import { parseOpinion } from '@betbuilder/pricing-model';
import { DEMO_FIXTURES } from '../../src';

describe('DEMO_FIXTURES', () => {
  it('holds about twenty fixtures with distinct ids, the first being the contract example', () => {
    // Act
    const ids = DEMO_FIXTURES.map((f) => f.fixtureId);

    // Assess
    expect(ids).toHaveLength(20);
    expect(new Set(ids).size).toBe(20);
    expect(ids[0]).toBe('epl-2026-12-05-ars-che');
    expect(DEMO_FIXTURES[0]).toMatchObject({
      home: { name: 'Arsenal', goals: 1.5, cards: 1.6, corners: 5.8 },
      away: { name: 'Chelsea', goals: 1.1, cards: 1.8, corners: 4.7 },
    });
  });

  it.each(DEMO_FIXTURES.map((f) => [f.fixtureId, f] as const))(
    '%s is a valid opinion with 8 to 15 players',
    (id, f) => {
      // Act
      const parsed = parseOpinion(f, id);

      // Assess
      expect(parsed).toMatchObject({ ok: true });
      expect(f.players.length).toBeGreaterThanOrEqual(8);
      expect(f.players.length).toBeLessThanOrEqual(15);
      expect(f.players.some((p) => p.team === 'HOME') && f.players.some((p) => p.team === 'AWAY')).toBe(true);
    },
  );
});
