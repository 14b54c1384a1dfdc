import { buildFixtureModel, modelByteSize, parseOpinion } from '../../src/index';
const players = Array.from({ length: 40 }, (_, i) => ({
  playerId: `p-${i}`,
  name: `P ${i}`,
  team: i < 20 ? 'HOME' : 'AWAY',
  goalShare: 0.05,
  cardShare: 0.05,
  expectedMinutes: 90,
}));
const r = parseOpinion({
  fixtureId: 'max-inputs',
  status: 'OPEN',
  home: { name: 'H', goals: 6, cards: 8, corners: 20 },
  away: { name: 'A', goals: 6, cards: 8, corners: 20 },
  players,
  model: { cornersDispersion: 3 },
});
if (!r.ok) throw new Error(JSON.stringify(r.issues));
for (let i = 0; i < 3; i++) {
  const t = performance.now();
  const m = buildFixtureModel(r.value);
  console.log(
    (performance.now() - t).toFixed(0),
    'ms',
    JSON.stringify(m.timingsMs),
    modelByteSize(m),
    m.cards.maxHome,
    m.corners.maxHome,
    m.cards.scoreCap,
  );
}
