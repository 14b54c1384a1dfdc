import { buildFixtureModel, parseOpinion } from './src/index';
const r = parseOpinion({
  fixtureId: 'maximal-inputs', status: 'OPEN',
  home: { name: 'Home', goals: 6, cards: 8, corners: 20 }, away: { name: 'Away', goals: 6, cards: 8, corners: 20 },
  players: Array.from({ length: 40 }, (_, i) => ({ playerId: `player-${i}`, name: `Player ${i}`, team: i < 20 ? 'HOME' : 'AWAY', goalShare: 0.05, cardShare: 0.05, expectedMinutes: 90 })),
  model: { cornersDispersion: 3 },
});
if (!r.ok) throw new Error();
for (let i = 0; i < 4; i++) { const t0 = performance.now(); const c = process.cpuUsage(); const m = buildFixtureModel(r.value); const u = process.cpuUsage(c); console.log((performance.now() - t0).toFixed(0), ((u.user + u.system) / 1000).toFixed(0), JSON.stringify(m.timingsMs)); }
